"""Filipino (Tagalog) news-style sentences from templates written for this project."""

from __future__ import annotations

import random

CITIES = ["Maynila", "Cebu", "Davao", "Iloilo", "Baguio", "Lungsod Quezon", "Zamboanga"]
PEOPLE = ["Jose Santos", "Maria Reyes", "Juan dela Cruz", "Ana Bautista", "Ramon Garcia"]

TEMPLATES = [
    "Ang mga magsasaka sa {city} ay nag-ani ng {n} tonelada ng palay ngayong taon.",
    "Sinabi ni {person} na magbubukas ang bagong paaralan sa {city} sa susunod na buwan.",
    "Umabot sa {n} libo ang bilang ng mga turista na bumisita sa {city} noong Linggo.",
    "Nagbabala ang mga eksperto na may malakas na ulan sa {city} ngayong linggo.",
    "Ayon sa ulat, tumaas ng {n} porsiyento ang presyo ng bigas sa mga pamilihan.",
    "Nagtipon ang mga residente ng {city} upang linisin ang ilog at ang mga kalye.",
    "Ang koponan ng basketbol mula sa {city} ay nanalo sa huling laro ng liga.",
    "Maraming estudyante ang nag-aaral ng wikang Tsino sa mga unibersidad sa {city}.",
    "Ipinahayag ni {person} na dadagdagan ng pamahalaan ang pondo para sa mga ospital.",
    "Nagsimula na ang pagtatayo ng bagong tulay na mag-uugnay sa dalawang bayan.",
    "Ang mga mangingisda sa {city} ay humihingi ng tulong dahil sa masamang panahon.",
    "Binuksan ni {person} ang isang maliit na tindahan ng kape malapit sa palengke.",
]


def tagalog_document(rng: random.Random, *, sentences: int) -> str:
    """A short Filipino document: `sentences` different templates, each used once."""
    templates = rng.sample(TEMPLATES, min(sentences, len(TEMPLATES)))
    return " ".join(
        t.format(city=rng.choice(CITIES), person=rng.choice(PEOPLE), n=rng.randint(2, 90))
        for t in templates
    )
