"""The individual curricula of the demo mobilities, by host and by the student's program here.

A curriculum line is (host code, host discipline, host credits, home code, home discipline, home
credits); for an incoming student the host is us and "home" is their own university. The
disciplines and codes are invented.
"""

from demo.programs import HOME_PROGRAM_HOTEL, HOME_PROGRAM_INTERNATIONAL, HOME_PROGRAM_TOURISM

TURIBA_COMMON = [
    ("HOS-2101", "Hospitality Management", 6, "HMS 2205", "Hospitality Industry Management", 6),
    (
        "MAR-2204",
        "Tourism and Hospitality Marketing",
        6,
        "MTH 2212",
        "Marketing in Tourism and Hospitality",
        6,
    ),
    ("EVT-2310", "Event Management", 6, "EVM 3207", "Organisation of Events and Leisure", 6),
    ("LAN-2150", "Business English for Tourism", 6, "PFL 2201", "Professional Foreign Language", 6),
]
TURIBA_CURRICULA = {
    HOME_PROGRAM_HOTEL: [
        *TURIBA_COMMON,
        ("HOS-2215", "Food and Beverage Management", 6, "RST 2209", "Restaurant Service", 6),
    ],
    HOME_PROGRAM_TOURISM: [
        *TURIBA_COMMON,
        (
            "TOU-2120",
            "Tour Operating and Travel Agency Management",
            6,
            "TOP 2210",
            "Tour Operator and Travel Agency Activity",
            6,
        ),
    ],
    HOME_PROGRAM_INTERNATIONAL: [
        *TURIBA_COMMON,
        (
            "TOU-2330",
            "International Tourism Destinations",
            6,
            "ITG 2214",
            "Geography of International Tourism",
            6,
        ),
    ],
}

ANTALYA_COMMON = [
    ("TRM 212", "Sustainable Tourism Development", 6, "STD 3201", "Sustainable Tourism", 6),
    ("GST 221", "Turkish Cuisine and Gastronomy", 6, "GST 3205", "Gastronomic Tourism", 6),
    ("TRM 230", "Tourism Economics", 6, "ECT 2206", "Economics of Tourism", 6),
    ("TFL 101", "Turkish for Foreign Students", 6, "SFL 2203", "Second Foreign Language", 6),
]
ANTALYA_CURRICULA = {
    HOME_PROGRAM_HOTEL: [
        ("TRM 204", "Front Office Operations", 6, "HMS 2208", "Front Office and Reservations", 6),
        *ANTALYA_COMMON,
    ],
    HOME_PROGRAM_TOURISM: [
        ("TRM 241", "Tour Guiding Techniques", 6, "EXC 2207", "Excursion Studies", 6),
        *ANTALYA_COMMON,
    ],
}

# Kazakhstani credits at the domestic hosts.
DOMESTIC_CURRICULA = {
    "Almaty Technological University": [
        ("TRP 3301", "Restaurant Production Technology", 6, "RST 3210", "Catering Production", 6),
        ("HSS 3305", "Hotel Service Standards", 6, "HMS 3204", "Quality of Hotel Service", 6),
        ("FSS 3108", "Food Safety and Sanitation", 6, "FSS 3203", "Food Safety in Catering", 6),
        ("RTK 3210", "Regional Tourism of Kazakhstan", 6, "RTK 3206", "Tourism Resources", 6),
        ("MHI 3102", "Hospitality Industry Management", 6, "HMS 3209", "Hotel Management", 6),
    ],
    "Kazakh-American Free University": [
        ("TOU 3201", "Ecotourism of East Kazakhstan", 6, "ECO 3202", "Ecological Tourism", 6),
        ("TOU 3214", "Mountain and Adventure Tourism", 6, "ACT 3208", "Active Tourism", 6),
        ("ENG 3105", "English for Tourism Professionals", 6, "PFL 3201", "Professional English", 6),
        ("LAW 3110", "Tourism Law", 6, "LAW 3204", "Legal Regulation of Tourism", 6),
        ("TOU 3226", "Excursion Services", 6, "EXC 3207", "Excursion Studies", 6),
    ],
    "Karaganda University of Kazpotrebsoyuz": [
        ("EHE 3203", "Economics of Hospitality Firms", 6, "ECT 3206", "Tourism Economics", 6),
        ("ACC 3112", "Accounting in Tourism", 6, "ACC 3203", "Accounting and Audit", 6),
        ("CSM 3217", "Customer Service Management", 6, "HMS 3204", "Quality of Hotel Service", 6),
        ("MKT 3209", "Hotel Marketing", 6, "MTH 3212", "Marketing in Hospitality", 6),
        ("BCM 3101", "Business Communication", 6, "BCM 3201", "Business Communication", 6),
    ],
    "Toraigyrov University": [
        ("GEO 3204", "Tourism Geography of Pavlodar Region", 6, "RTK 3206", "Tourism Resources", 6),
        ("HIM 3210", "Hotel Industry Management", 6, "HMS 3209", "Hotel Management", 6),
        ("ITS 3115", "Tourism Information Systems", 6, "ICT 3203", "Information Systems", 6),
        ("RBO 3208", "Restaurant Business Organisation", 6, "RST 3211", "Restaurant Business", 6),
        ("KAZ 3102", "Professional Kazakh Language", 6, "PKL 3201", "Professional Kazakh", 6),
    ],
}

# What an incoming student takes here, by the program they follow here.
INCOMING_CURRICULA = {
    HOME_PROGRAM_HOTEL: [
        ("RST 3211", "Restaurant Business Organisation", 6, "", "Restaurant Business", 6),
        ("HMS 3215", "Hotel Housekeeping", 6, "", "Accommodation Services", 6),
        ("CUL 3206", "Technology of Kazakh National Cuisine", 6, "", "Culinary Technology", 6),
        ("MTH 3212", "Marketing in Hospitality", 6, "", "Hospitality Marketing", 6),
        ("BAR 3103", "Bar Management", 6, "", "Beverage Service", 6),
    ],
    HOME_PROGRAM_TOURISM: [
        ("TOP 3210", "Tour Operator and Travel Agency Activity", 6, "", "Tour Operating", 6),
        ("RTK 3206", "Tourism Resources of Kazakhstan", 6, "", "Tourism Resources", 6),
        ("EXC 3207", "Excursion Studies", 6, "", "Excursion Services", 6),
        ("MTH 2212", "Marketing in Tourism", 6, "", "Tourism Marketing", 6),
        ("ECO 3202", "Ecological Tourism", 6, "", "Ecotourism", 6),
    ],
    HOME_PROGRAM_INTERNATIONAL: [
        ("ITG 2214", "Geography of International Tourism", 6, "", "World Tourism Geography", 6),
        ("VPF 3203", "Visa and Passport Formalities", 6, "", "Border Formalities in Tourism", 6),
        ("CCC 3108", "Cross-cultural Communication", 6, "", "Intercultural Communication", 6),
        ("PFL 3201", "Professional English", 6, "", "English for Tourism", 6),
        ("ITM 3219", "International Tourism Management", 6, "", "International Tourism", 6),
    ],
}

# For the open applications at hosts without a curriculum of their own above.
GENERAL_CURRICULUM = [
    ("", "Tourism Management", 6, "TMG 3205", "Management in Tourism", 6),
    ("", "Hotel and Restaurant Management", 6, "HMS 3209", "Hotel Management", 6),
    ("", "Marketing of Tourist Services", 6, "MTH 2212", "Marketing in Tourism", 6),
    ("", "Intercultural Communication", 6, "CCC 3108", "Cross-cultural Communication", 6),
    ("", "Foreign Language for Tourism", 6, "PFL 2201", "Professional Foreign Language", 6),
]
