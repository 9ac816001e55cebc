"""Demo associations: language, homework help and learning."""

from .helpers import SCHOOL_YEAR, act, assoc

ASSOCIATIONS = [
    assoc(
        "Lektiecaféen på Trekanten",
        "sprog born frivillig",
        "Gratis lektiehjælp på biblioteket for børn og unge fra 1. til 10. klasse, mandag til "
        "torsdag eftermiddag. Frivillige hjælper med alle fag.",
        """
I Lektiecaféen på Trekanten - Bibliotek og Kulturhus får du hjælp til dine lektier af frivillige –
pensionerede lærere, studerende og andre voksne, der har lyst til at hjælpe. Du kan få lektiehjælp i
dansk, matematik, engelsk, tysk og naturfag.

Der er frugt og saftevand, og du behøver ikke at tilmelde dig. Forældre er velkomne til at sidde
med.

Vil du være frivillig lektiehjælper? Vi mangler især hjælpere til matematik i udskolingen.
""",
        [
            act("Lektiehjælp 1.-6. klasse", "man tir ons tor", "14:30", "16:00", "trekanten",
                ages=(7, 12), group="boern", price="Gratis", season=SCHOOL_YEAR),
            act("Lektiehjælp 7.-10. klasse", "man tir ons tor", "16:00", "18:00", "trekanten",
                ages=(13, 17), group="unge", price="Gratis", season=SCHOOL_YEAR),
        ],
        groups="boern unge", langs="da en ar so", flags="nodansk wheel begin",
    ),
    assoc(
        "Lektiehjælp i Kvarterhuset",
        "sprog born",
        "Lektiehjælp tirsdag og torsdag i Sundheds- og Kvarterhuset for skolebørn. Hjælpere, "
        "der også taler arabisk og somali.",
        """
Vi hjælper børn med lektier og med at forstå opgaverne fra skolen. Mange af vores hjælpere taler
flere sprog, så vi kan også forklare forældrene, hvad skolen skriver på Aula.
""",
        [
            act("Lektiehjælp", "tir tor", "15:00", "17:00", "kvarterhuset", ages=(6, 16),
                group="boern", price="Gratis", season=SCHOOL_YEAR),
        ],
        groups="boern familier", langs="da ar so", flags="nodansk",
    ),
    assoc(
        "Studielektiehjælpen 9220",
        "sprog born frivillig",
        "Studerende fra universitetet hjælper gymnasie- og HF-elever med lektier og opgaver "
        "tirsdag og torsdag aften.",
        """
Går du i gymnasiet, på HF eller på en erhvervsuddannelse, kan du få hjælp til afleveringer,
matematik, fysik, kemi og store skriftlige opgaver. Hjælperne er frivillige studerende fra Aalborg
Universitet.

Vi holder til på Trekanten, og det er gratis at komme.
""",
        [
            act("Lektiehjælp for ungdomsuddannelser", "tir tor", "17:00", "19:30", "trekanten",
                ages=(15, 21), group="unge", price="Gratis", season=SCHOOL_YEAR),
        ],
        groups="unge", langs="da en", flags="begin",
    ),
    assoc(
        "Matematikcaféen ved NOVI",
        "sprog born",
        "Matematik-værksted for elever i 7.-10. klasse onsdag eftermiddag. Vi regner, spiller "
        "og bygger – matematik på en ny måde.",
        """
Matematikcaféen er for unge, der synes matematik er svært – eller sjovt. Vi arbejder med opgaver fra
skolen og med små projekter, hvor man bruger matematik i praksis.
""",
        [
            act("Matematikcafé", "ons", "15:00", "17:00", "novi", ages=(13, 17), group="unge",
                price="Gratis", season=SCHOOL_YEAR),
        ],
        groups="unge",
        status="paused",
    ),
    assoc(
        "Sprogcafé Øst",
        "sprog faelles",
        "Øv dig i at tale dansk over en kop kaffe. Torsdag eftermiddag på Trekanten – alle "
        "niveauer, ingen tilmelding.",
        """
I Sprogcaféen sidder vi ved små borde med en frivillig, der har dansk som modersmål. Vi taler om
hverdagen, nyheder og det, deltagerne har brug for: breve fra kommunen, samtaler med lægen eller
jobsamtaler.

Du kan komme, når det passer dig. Det er gratis.
""",
        [
            act("Sprogcafé", "tor", "14:00", "16:00", "trekanten", ages=(16, None),
                group="voksne", price="Gratis"),
        ],
        groups="voksne", langs="da en ar so tr uk ti fa", flags="nodansk begin wheel",
    ),
    assoc(
        "Sprogcafé for kvinder",
        "sprog faelles",
        "Danskøvelse kun for kvinder mandag formiddag i Sundheds- og Kvarterhuset. Der er "
        "børnepasning.",
        """
Sprogcaféen for kvinder er et trygt sted at øve dansk. Vi taler om hverdagen, laver små øvelser og
hjælper hinanden.

Mange deltagere har små børn – derfor er der børnepasning under caféen.
""",
        [
            act("Sprogcafé for kvinder", "man", "10:00", "12:00", "kvarterhuset",
                ages=(18, None), group="kvinder", price="Gratis"),
        ],
        groups="kvinder", langs="da ar so ti fa ku", flags="nodansk begin",
    ),
    assoc(
        "International Language Café AAU",
        "sprog faelles",
        "Language café for students and neighbours: dansk, English and more. Onsdag aften "
        "ved Aalborg Universitet.",
        """
Til sprogcaféen mødes internationale studerende og naboer fra Aalborg Øst for at øve sprog. Vi har
borde for dansk, engelsk, spansk, arabisk og ukrainsk.

Everyone is welcome – you do not need to be a student.
""",
        [
            act("Language café", "ons", "19:00", "21:00", "aau", ages=(18, None),
                group="voksne", price="Gratis", season=("09-01", "05-31")),
        ],
        groups="voksne unge", langs="da en ar uk", flags="nodansk",
    ),
    assoc(
        "Læsekreds på let dansk",
        "sprog kultur",
        "Læsekreds for dig, der lærer dansk: vi læser korte bøger på let dansk og taler om "
        "dem. Hver anden fredag på Trekanten.",
        """
Vi vælger bøger, der er skrevet på let dansk, og læser et kapitel hjemme til hver gang. Så taler vi
om historien – og om de ord, der var svære.

Bøgerne kan lånes på biblioteket.
""",
        [
            act("Læsekreds", "fre", "10:00", "11:30", "trekanten", freq="biweekly",
                ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="voksne", langs="da", flags="begin",
    ),
    assoc(
        "IT-hjælpen Øst",
        "sprog aeldre frivillig",
        "Frivillige hjælper med MitID, Digital Post, borger.dk, mobil og computer. Tirsdag "
        "formiddag på Trekanten.",
        """
Har du svært ved at finde rundt i Digital Post, MitID eller apps på telefonen? Tag din telefon,
tablet eller computer med, så hjælper vores frivillige dig.

Vi logger aldrig ind for dig – vi viser dig, hvordan du selv gør.
""",
        [
            act("IT-hjælp", "tir", "10:00", "12:00", "trekanten", ages=(16, None),
                group="alle", price="Gratis"),
        ],
        groups="aeldre voksne", langs="da ar tr", flags="wheel nodansk",
    ),
    assoc(
        "Jobcaféen Øst",
        "sprog frivillig",
        "Hjælp til CV, ansøgninger og jobsamtaler torsdag eftermiddag. Frivillige med "
        "erfaring fra erhvervslivet.",
        """
I Jobcaféen får du hjælp til at skrive CV og ansøgninger, til at finde job på nettet og til at øve
jobsamtaler. Vores frivillige har selv været ledere, HR-medarbejdere eller jobkonsulenter.
""",
        [
            act("Jobcafé", "tor", "13:00", "16:00", "trekanten", ages=(18, None),
                group="voksne", price="Gratis"),
        ],
        groups="voksne unge", langs="da en ar", flags="nodansk",
    ),
    assoc(
        "Dansk for begyndere – frivillig undervisning",
        "sprog frivillig",
        "Frivillige lærere underviser nyankomne i dansk mandag og onsdag aften. Et supplement "
        "til sprogskolen.",
        """
Undervisningen er for voksne, der er nye i Danmark og gerne vil lære mere dansk, end sprogskolen
når. Vi arbejder i små hold med udtale, ordforråd og hverdagssamtaler.

Vi søger frivillige undervisere – du behøver ikke være uddannet lærer.
""",
        [
            act("Dansk for begyndere", "man ons", "18:00", "19:30", "trekanten",
                ages=(18, None), group="voksne", price="Gratis", season=SCHOOL_YEAR),
        ],
        groups="voksne", langs="da uk ar ti en", flags="nodansk begin",
    ),
    assoc(
        "Ordblindecaféen",
        "sprog sundhed",
        "Mødested for voksne ordblinde: hjælpemidler, erfaringer og kaffe. Første onsdag i "
        "måneden på Trekanten.",
        """
I Ordblindecaféen deler vi erfaringer og viser hinanden apps og programmer, der gør det lettere at
læse og skrive. Der er oplæsning af alle breve, hvis du har brug for det.
""",
        [
            act("Ordblindecafé", "ons", "17:00", "19:00", "trekanten", freq="first-of-month",
                ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="voksne", flags="wheel",
    ),
]
