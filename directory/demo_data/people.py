"""Made-up contact persons for the demo catalogue.

First and last names are combined at random (with a fixed seed), so no demo
contact describes a real person. Phone numbers and e-mail addresses are
fictitious too; see directory/demo.py.
"""

FIRST_NAMES = [
    "Anne", "Mette", "Hanne", "Lone", "Birgitte", "Karen", "Sofie", "Ida", "Camilla", "Louise",
    "Jens", "Lars", "Søren", "Henrik", "Morten", "Niels", "Mads", "Rasmus", "Thomas", "Kim",
    "Fatima", "Amina", "Leila", "Hodan", "Zeynep", "Ayşe", "Shirin", "Mariam", "Nour", "Samira",
    "Ahmed", "Mohamed", "Ali", "Abdi", "Mehmet", "Hassan", "Omar", "Karim", "Reza", "Yusuf",
    "Olena", "Iryna", "Agnieszka", "Lejla", "Thuy", "Priya", "Selam", "Rahel", "Dilan", "Hevin",
    "Dmytro", "Tomasz", "Emir", "Minh", "Senthil", "Yonas", "Rêber", "Bilal", "Jonas", "Emil",
]  # fmt: skip

LAST_NAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Mortensen", "Thomsen", "Poulsen",
    "Hassan", "Ali", "Mohamud", "Yilmaz", "Demir", "Kaya", "Ahmadi", "Hosseini", "Rahimi",
    "Abdullahi", "Warsame", "Haddad", "Khalil", "Saleh", "Kovalenko", "Shevchenko", "Nowak",
    "Kowalski", "Hodžić", "Nguyen", "Tran", "Sivakumar", "Tesfaye", "Berhane", "Zana",
]  # fmt: skip

# Contact roles per kind of association; the first category decides.
ROLES = {
    "sport-og-motion": ["Formand", "Træner", "Holdleder", "Kasserer"],
    "boern-og-unge": ["Leder", "Formand", "Kontaktforælder"],
    "beboerdemokrati": ["Formand", "Næstformand", "Sekretær"],
    "frivilligt-socialt-arbejde": ["Frivilligkoordinator", "Tovholder", "Formand"],
}
DEFAULT_ROLES = ["Formand", "Tovholder", "Kontaktperson", "Sekretær", "Kasserer"]

CONSENT_SOURCES = [
    "Skriftligt samtykke på e-mail",
    "Samtykkeerklæring underskrevet på papir",
    "Mundtligt samtykke i telefonen, noteret af redaktionen",
    "Samtykke givet i formularen ved opdatering",
]
