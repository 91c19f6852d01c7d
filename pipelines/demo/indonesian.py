"""Indonesian news-style sentences by topic, from templates written for this project."""

from __future__ import annotations

import random

CITIES = [
    "Jakarta",
    "Surabaya",
    "Bandung",
    "Medan",
    "Makassar",
    "Semarang",
    "Denpasar",
    "Palembang",
]
PEOPLE = [
    "Budi Santoso",
    "Siti Rahmawati",
    "Agus Setiawan",
    "Dewi Lestari",
    "Rudi Hartono",
    "Nur Aini",
]

TOPICS: dict[str, list[str]] = {
    "olahraga": [
        "Tim sepak bola {city} menang {a}-{b} dalam pertandingan semalam di stadion utama.",
        "Pelatih {person} mengatakan para pemain sudah siap menghadapi turnamen bulan depan.",
        "Atlet bulu tangkis asal {city} meraih medali emas setelah menang dalam tiga gim.",
        "Ribuan penonton memadati stadion untuk menyaksikan laga final liga nasional.",
        "Federasi olahraga mengumumkan jadwal baru kompetisi renang tingkat provinsi.",
        "Pemain muda itu mencetak {a} gol dan menjadi pencetak gol terbanyak musim ini.",
    ],
    "ekonomi": [
        "Harga beras di pasar {city} naik {a} persen dibandingkan bulan lalu.",
        "Bank Indonesia mempertahankan suku bunga acuan untuk menjaga stabilitas rupiah.",
        "Menurut {person}, ekspor kelapa sawit diperkirakan tumbuh pada kuartal berikutnya.",
        "Pemerintah daerah {city} menyiapkan dana bantuan bagi usaha kecil dan menengah.",
        "Inflasi tahunan tercatat {a},{b} persen, sedikit lebih rendah dari perkiraan para ekonom.",
        "Investor asing mulai menanamkan modal di kawasan industri baru dekat pelabuhan.",
    ],
    "teknologi": [
        "Perusahaan rintisan asal {city} meluncurkan aplikasi pembayaran untuk pedagang pasar.",
        "Jaringan internet cepat kini menjangkau {a} desa di wilayah timur Indonesia.",
        "{person} menjelaskan bahwa kecerdasan buatan dapat membantu petani memantau cuaca.",
        "Pemerintah meminta penyedia layanan daring melindungi data pribadi pengguna.",
        "Mahasiswa di {city} merancang robot sederhana untuk memilah sampah plastik.",
        "Penjualan telepon pintar meningkat menjelang akhir tahun menurut laporan industri.",
    ],
    "kesehatan": [
        "Dinas kesehatan {city} menggelar vaksinasi gratis bagi anak-anak sekolah dasar.",
        "Dokter {person} mengingatkan warga untuk minum air putih yang cukup setiap hari.",
        "Rumah sakit daerah menambah {a} tempat tidur untuk pasien rawat inap.",
        "Kasus demam berdarah menurun setelah warga rutin membersihkan saluran air.",
        "Puskesmas di pinggiran kota membuka layanan pemeriksaan tekanan darah setiap pekan.",
        "Para ahli gizi menganjurkan sayur dan buah dalam menu makan siang keluarga.",
    ],
}


def _fill(rng: random.Random, template: str) -> str:
    """The template with a city, a person and two numbers filled in."""
    city, person = rng.choice(CITIES), rng.choice(PEOPLE)
    return template.format(city=city, person=person, a=rng.randint(2, 30), b=rng.randint(0, 9))


def indonesian_document(rng: random.Random, topic: str | None, *, sentences: int) -> str:
    """A short Indonesian document: `sentences` different templates of one topic (or any topic).

    Each template is used at most once, so a document does not repeat its own phrases.
    """
    pool = TOPICS[topic] if topic else [t for name in sorted(TOPICS) for t in TOPICS[name]]
    templates = rng.sample(pool, min(sentences, len(pool)))
    return " ".join(_fill(rng, template) for template in templates)
