"""Country names as Ashby writes them in addresses -> ISO-3166 alpha-2 codes.

Ashby's locations carry the country's English name ("United States"); the unified model
wants the ISO code "when parseable". Names outside this table, and anything already a
two-letter code, pass through unchanged.
"""

from __future__ import annotations

_NAMES = {
    "Argentina": "AR", "Australia": "AU", "Austria": "AT", "Belgium": "BE", "Brazil": "BR",
    "Bulgaria": "BG", "Canada": "CA", "Chile": "CL", "China": "CN", "Colombia": "CO", "Croatia": "HR",
    "Cyprus": "CY", "Czech Republic": "CZ", "Czechia": "CZ", "Denmark": "DK", "Egypt": "EG",
    "Estonia": "EE", "Finland": "FI", "France": "FR", "Germany": "DE", "Greece": "GR", "Hong Kong": "HK",
    "Hungary": "HU", "Iceland": "IS", "India": "IN", "Indonesia": "ID", "Ireland": "IE", "Israel": "IL",
    "Italy": "IT", "Japan": "JP", "Kenya": "KE", "Latvia": "LV", "Lithuania": "LT", "Luxembourg": "LU",
    "Malaysia": "MY", "Malta": "MT", "Mexico": "MX", "Morocco": "MA", "Netherlands": "NL",
    "The Netherlands": "NL", "New Zealand": "NZ", "Nigeria": "NG", "Norway": "NO", "Pakistan": "PK",
    "Peru": "PE", "Philippines": "PH", "Poland": "PL", "Portugal": "PT", "Romania": "RO",
    "Saudi Arabia": "SA", "Serbia": "RS", "Singapore": "SG", "Slovakia": "SK", "Slovenia": "SI",
    "South Africa": "ZA", "South Korea": "KR", "Korea, Republic of": "KR", "Spain": "ES", "Sweden": "SE",
    "Switzerland": "CH", "Taiwan": "TW", "Thailand": "TH", "Turkey": "TR", "Türkiye": "TR", "Ukraine": "UA",
    "United Arab Emirates": "AE", "United Kingdom": "GB", "Great Britain": "GB", "UK": "GB",
    "United States": "US", "United States of America": "US", "USA": "US", "Vietnam": "VN",
}  # fmt: skip
_BY_LOWER = {name.lower(): code for name, code in _NAMES.items()}


def country_code(name: str | None) -> str | None:
    if not name:
        return None
    text = name.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return _BY_LOWER.get(text.lower(), text)
