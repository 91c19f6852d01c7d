"""Label Studio: the managed server, label configs, push, pull and simulated annotators."""
