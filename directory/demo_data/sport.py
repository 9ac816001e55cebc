"""Demo associations: sport and exercise."""

from .helpers import INDOOR_SEASON, OUTDOOR_SEASON, SPORTS_SEASON, SUMMER, act, assoc

ASSOCIATIONS = [
    assoc(
        "Fodboldskolen Øst 9220",
        "sport born",
        "Fodbold for drenge og piger fra 6 til 12 år. Vi træner tirsdag og torsdag "
        "eftermiddag ved Humlebakkeskolen.",
        """
Fodboldskolen Øst er for alle børn, der har lyst til at spille fodbold – også dem, der aldrig har
prøvet før. Vi træner på små hold efter alder, og der er altid en voksen træner på banen.

Fra november til marts træner vi indendørs i Tornhøjhallen. Forældre er velkomne til at se med og
til at give en hånd som holdleder.
""",
        [
            act("Fodbold U8", "tir", "16:00", "17:00", "humlebakkeskolen", ages=(6, 7),
                group="boern", price="250 kr. pr. halvår", season=SPORTS_SEASON),
            act("Fodbold U10", "tir tor", "16:30", "18:00", "humlebakkeskolen", ages=(8, 10),
                group="boern", price="300 kr. pr. halvår", season=SPORTS_SEASON,
                note="November-marts i Tornhøjhallen"),
            act("Fodbold U12", "ons", "17:00", "18:30", "humlebakkeskolen", ages=(11, 12),
                group="boern", price="300 kr. pr. halvår", season=SPORTS_SEASON),
        ],
        groups="boern", flags="begin trial",
    ),
    assoc(
        "Pigefodbold i Øst",
        "sport born",
        "Fodbold kun for piger mellem 9 og 14 år. Kom og prøv – første måned er gratis.",
        """
Hos os spiller piger fodbold sammen med andre piger. Vi lægger vægt på, at det er sjovt, og at alle
bliver set – uanset om du har spillet før.

Vi har kvindelige trænere, og der er omklædning for sig. Om sommeren tager vi til stævner i
Nordjylland.
""",
        [
            act("Pigefodbold 9-11 år", "ons", "16:30", "17:45", "humlebakkeskolen", ages=(9, 11),
                group="boern", price="250 kr. pr. halvår", season=SPORTS_SEASON),
            act("Pigefodbold 12-14 år", "ons", "17:45", "19:00", "humlebakkeskolen", ages=(12, 14),
                group="unge", price="250 kr. pr. halvår", season=SPORTS_SEASON),
        ],
        groups="boern unge kvinder", langs="da ar so", flags="begin trial",
    ),
    assoc(
        "Gadefodbold Tornhøj",
        "sport born faelles",
        "Fredagsfodbold for unge fra 12 til 18 år i Tornhøjhallen. Gratis, uden tilmelding – "
        "bare mød op.",
        """
Hver fredag aften står hallen åben for gadefodbold. Holdene sættes på stedet, og kampene er korte,
så alle kommer til at spille.

Det er frivillige voksne fra området, der står for aftenen. Der er frugt og vand i pausen.
""",
        [
            act("Gadefodbold", "fre", "19:00", "21:30", "tornhoejhallen", ages=(12, 18),
                group="unge", price="Gratis"),
        ],
        groups="unge", langs="da ar so ku", flags="begin nodansk",
    ),
    assoc(
        "Oldboys-fodbold 9220",
        "sport",
        "Hyggefodbold for mænd over 40. Vi spiller 7-mands mandag aften og tager en kop kaffe "
        "bagefter.",
        """
Vi er en flok mænd, som stadig godt kan lide at sparke til en bold, men uden at det bliver for
alvorligt. Vi spiller mandag aften hele året – udendørs om sommeren og i hal om vinteren.

Nye spillere er altid velkomne. Kondition er ikke et krav, godt humør er.
""",
        [
            act("Oldboys 40+", "man", "19:00", "20:30", "humlebakkeskolen", ages=(40, None),
                group="maend", price="400 kr. pr. år", season=OUTDOOR_SEASON),
            act("Oldboys 40+ (indendørs)", "man", "19:00", "20:30", "tornhoejhallen",
                ages=(40, None), group="maend", price="400 kr. pr. år",
                season=("11-01", "03-31")),
        ],
        groups="voksne maend", flags="begin",
    ),
    assoc(
        "Gåfodbold Aalborg Øst",
        "sport aeldre sundhed",
        "Fodbold i gåtempo for alle over 60. Ingen løb, ingen tacklinger – bare glæden ved "
        "spillet.",
        """
Gåfodbold er fodbold, hvor man ikke må løbe. Det skåner knæ og ryg, og alle kan være med, også hvis
det er mange år siden, man sidst rørte en bold.

Vi mødes torsdag formiddag og slutter af med kaffe. Både kvinder og mænd spiller med.
""",
        [
            act("Gåfodbold 60+", "tor", "10:00", "11:30", "humlebakkeskolen", ages=(60, None),
                group="aeldre", price="150 kr. pr. halvår"),
        ],
        groups="aeldre", flags="begin trial wheel",
    ),
    assoc(
        "Håndboldforeningen Øst 9220",
        "sport born",
        "Håndbold for børn og unge fra 7 år i Tornhøjhallen. Hold for både piger og drenge.",
        """
Vi er en lille håndboldforening med stort fællesskab. Børneholdene træner onsdag, og ungdomsholdene
spiller turnering i weekenderne.

Vi mangler altid frivillige trænere og dommere – har du lyst, så skriv til os.
""",
        [
            act("Håndbold U9", "ons", "16:00", "17:00", "tornhoejhallen", ages=(7, 9),
                group="boern", price="350 kr. pr. sæson", season=SPORTS_SEASON),
            act("Håndbold U11", "ons", "17:00", "18:15", "tornhoejhallen", ages=(10, 11),
                group="boern", price="350 kr. pr. sæson", season=SPORTS_SEASON),
            act("Håndbold U15", "man ons", "18:15", "19:45", "tornhoejhallen", ages=(12, 15),
                group="unge", price="450 kr. pr. sæson", season=SPORTS_SEASON),
            act("Kampe og stævner", "lør", "09:00", "14:00", "tornhoejhallen", freq="irregular",
                group="boern", season=SPORTS_SEASON, note="Kampprogram udleveres af træneren"),
        ],
        groups="boern unge", flags="begin trial",
    ),
    assoc(
        "Badmintonklubben Fjerbolden",
        "sport",
        "Badminton for unge og voksne i Mellervangskolens hal. Motion og hygge – eller "
        "turnering, hvis du vil.",
        """
Fjerbolden har spillet badminton i Aalborg Øst i mange år. Vi har både motionister og
turneringsspillere, og ungdomsholdet har egen træner.

Du kan leje en bane fast for en sæson eller komme på vores åbne motionsaften mandag.
""",
        [
            act("Ungdom 10-17 år", "tor", "16:30", "18:00", "mellervangskolen", ages=(10, 17),
                group="unge", price="600 kr. pr. sæson", season=INDOOR_SEASON),
            act("Åben motionsaften", "man", "19:00", "21:00", "mellervangskolen", ages=(18, None),
                group="voksne", price="40 kr. pr. gang", season=INDOOR_SEASON),
            act("Fast bane", "tor", "19:00", "22:00", "mellervangskolen", ages=(18, None),
                group="voksne", price="1.200 kr. pr. sæson for en bane", season=INDOOR_SEASON),
        ],
        groups="unge voksne", flags="trial",
    ),
    assoc(
        "Aalborg Øst Løbefællesskab",
        "sport sundhed faelles",
        "Gratis løbefællesskab med ture på 5-10 km. Vi løber fra Bundgaardsparken tirsdag og "
        "torsdag og tager en langtur søndag.",
        """
Vi er et åbent løbefællesskab – ikke en klub med kontingent. Alle tempi er velkomne, og ingen bliver
efterladt: vi løber i grupper efter fart og samler op undervejs.

Nye løbere kan starte på begynderholdet, som går fra 0 til 5 km på ti uger.
""",
        [
            act("Fællesløb", "tir tor", "17:30", "18:30", "bundgaardsparken", ages=(16, None),
                group="alle", price="Gratis"),
            act("Søndagslangtur", "søn", "09:00", "10:30", "bundgaardsparken", ages=(16, None),
                group="alle", price="Gratis"),
            act("Begynderhold 0-5 km", "tor", "17:30", "18:15", "bundgaardsparken",
                ages=(16, None), group="voksne", price="Gratis", season=("04-01", "06-15")),
        ],
        groups="voksne unge", flags="begin",
    ),
    assoc(
        "Kvindeløb Øst",
        "sport sundhed",
        "Løbegruppe kun for kvinder. Vi mødes ved Trekanten onsdag formiddag og løber i roligt "
        "tempo.",
        """
Kvindeløb Øst er for kvinder, der gerne vil i gang med at løbe eller gå-løbe sammen med andre. Vi
veksler mellem gang og løb, så alle kan følge med.

Mange af os er mødre med små børn i institution, derfor løber vi om formiddagen.
""",
        [
            act("Løb for kvinder", "ons", "09:30", "10:30", "trekanten", ages=(18, None),
                group="kvinder", price="Gratis"),
        ],
        groups="kvinder", langs="da ar so", flags="begin nodansk",
    ),
    assoc(
        "Kvindesvømning Øst",
        "sport sundhed",
        "Svømning kun for kvinder i Gigantium søndag eftermiddag. Kvindelig livredder og "
        "svømmeundervisning for begyndere.",
        """
Kvindesvømning Øst giver kvinder mulighed for at svømme i trygge rammer. Der er kun kvinder i
svømmehallen og omklædningen i vores tid, og livredderen er også en kvinde.

Kan du ikke svømme, kan du lære det på begynderholdet. Vi har undervisere, der taler dansk, arabisk
og somali.

Børn under 10 år kan komme med deres mor på familieholdet.
""",
        [
            act("Kvindesvømning", "søn", "16:00", "17:30", "gigantium", ages=(16, None),
                group="kvinder", price="250 kr. pr. sæson", season=INDOOR_SEASON),
            act("Svømmeundervisning for kvinder, begyndere", "søn", "15:15", "16:00", "gigantium",
                ages=(16, None), group="kvinder", price="250 kr. pr. sæson",
                season=INDOOR_SEASON),
            act("Mor og barn i vandet", "søn", "17:30", "18:15", "gigantium", ages=(2, 9),
                group="familier", price="100 kr. pr. sæson", season=INDOOR_SEASON),
        ],
        groups="kvinder familier", langs="da ar so", flags="begin nodansk trial",
    ),
    assoc(
        "Familiesvømning Øst",
        "sport born",
        "Svømning for hele familien lørdag formiddag i Gigantium. Leg i vandet og "
        "svømmeskole for børn fra 4 år.",
        """
Lørdag formiddag har vi bassinet til familier. Børnene leger og lærer at svømme, og forældrene er
med i vandet.

Svømmeskolen deler børnene på hold efter, hvor trygge de er i vandet.
""",
        [
            act("Familiesvømning", "lør", "09:00", "10:00", "gigantium", group="familier",
                price="300 kr. pr. familie pr. sæson", season=INDOOR_SEASON),
            act("Svømmeskole 4-7 år", "lør", "10:00", "10:45", "gigantium", ages=(4, 7),
                group="boern", price="400 kr. pr. sæson", season=INDOOR_SEASON),
            act("Svømmeskole 8-12 år", "lør", "10:45", "11:30", "gigantium", ages=(8, 12),
                group="boern", price="400 kr. pr. sæson", season=INDOOR_SEASON),
        ],
        groups="familier boern",
    ),
    assoc(
        "Morgensvømmerne 60+",
        "sport aeldre sundhed",
        "Morgensvømning for seniorer tirsdag og fredag kl. 7.30. Bagefter drikker vi kaffe "
        "sammen.",
        """
Vi er en gruppe seniorer, der starter dagen i vandet. Nogle svømmer længder, andre laver
vandgymnastik i det varme bassin.

Kaffen bagefter er mindst lige så vigtig som svømningen.
""",
        [
            act("Morgensvømning", "tir fre", "07:30", "08:30", "gigantium", ages=(60, None),
                group="aeldre", price="350 kr. pr. halvår"),
            act("Vandgymnastik", "fre", "08:30", "09:15", "gigantium", ages=(60, None),
                group="aeldre", price="200 kr. pr. halvår"),
        ],
        groups="aeldre", flags="wheel begin",
    ),
    assoc(
        "Cykelklubben Østkysten",
        "sport",
        "Landevejscykling i Aalborg Øst og omegn. Fællesture tirsdag og torsdag aften og "
        "langtur søndag morgen.",
        """
Vi kører i grupper efter fart, fra 25 til over 32 km/t. Nye ryttere starter på vores introhold, hvor
vi lærer at køre sikkert i feltet.

Cykelhjelm er et krav på alle ture.
""",
        [
            act("Fællestur", "tir tor", "18:00", "20:00", "gigantium", ages=(16, None),
                group="voksne", price="500 kr. pr. år", season=OUTDOOR_SEASON),
            act("Søndagstur", "søn", "08:30", "12:00", "gigantium", ages=(16, None),
                group="voksne", price="500 kr. pr. år", season=OUTDOOR_SEASON),
            act("Introhold", "tir", "18:00", "19:30", "gigantium", ages=(16, None),
                group="voksne", price="Gratis", season=("04-15", "06-15")),
        ],
        groups="voksne", flags="trial",
    ),
    assoc(
        "Kvindernes Cykelskole 9220",
        "sport sprog frivillig",
        "Lær at cykle som voksen. Frivillige instruktører lærer kvinder at cykle i skolegården "
        "ved Humlebakkeskolen lørdag formiddag.",
        """
Mange voksne kvinder har aldrig lært at cykle. Hos os lærer du det i dit eget tempo på en lukket
plads, sammen med andre kvinder og frivillige instruktører.

Vi låner dig cykel og hjelm. Når du kan holde balancen, øver vi trafikregler og kører små ture i
området.

Vi søger altid frivillige, der har tålmodighed og lyst til at hjælpe.
""",
        [
            act("Cykelundervisning for kvinder", "lør", "10:00", "12:00", "humlebakkeskolen",
                ages=(18, None), group="kvinder", price="Gratis", season=("04-01", "09-30")),
        ],
        groups="kvinder", langs="da ar so fa ti", flags="begin nodansk",
    ),
    assoc(
        "Basketball Øst",
        "sport born",
        "Basketball for unge fra 12 til 19 år. Træning mandag og onsdag i Tornhøjhallen.",
        """
Basketball Øst startede som en flok venner, der spillede på udendørsbanen. I dag har vi to
ungdomshold og en træner med erfaring fra ligaen.

Alle kan være med – du behøver ikke være høj.
""",
        [
            act("Basketball 12-15 år", "man ons", "17:00", "18:30", "tornhoejhallen",
                ages=(12, 15), group="unge", price="300 kr. pr. halvår", season=SPORTS_SEASON),
            act("Basketball 16-19 år", "man ons", "18:30", "20:00", "tornhoejhallen",
                ages=(16, 19), group="unge", price="300 kr. pr. halvår", season=SPORTS_SEASON),
        ],
        groups="unge", langs="da en", flags="begin trial",
    ),
    assoc(
        "Volleyklubben Smash 9220",
        "sport",
        "Volleyball for voksne på alle niveauer torsdag aften i Mellervangskolen.",
        """
Vi spiller indendørs volleyball om vinteren og beachvolley om sommeren. Holdene blandes hver gang,
så man lærer alle at kende.
""",
        [
            act("Volleyball", "tor", "19:30", "21:30", "mellervangskolen", ages=(18, None),
                group="voksne", price="450 kr. pr. sæson", season=INDOOR_SEASON),
        ],
        groups="voksne", langs="da en", flags="begin trial",
    ),
    assoc(
        "Bordtennisklubben Øst",
        "sport born",
        "Bordtennis for børn fra 8 år, unge og voksne. Træning tirsdag og torsdag.",
        """
Bordtennis er en sport for alle aldre. Børn og unge træner med træner tirsdag og torsdag, og
bagefter er hallen åben for voksne motionister.
""",
        [
            act("Børn og unge", "tir tor", "16:00", "17:30", "mellervangskolen", ages=(8, 17),
                group="boern", price="300 kr. pr. halvår", season=INDOOR_SEASON),
            act("Voksne motionister", "tir", "19:00", "21:00", "mellervangskolen",
                ages=(18, None), group="voksne", price="400 kr. pr. halvår",
                season=INDOOR_SEASON),
        ],
        groups="boern unge voksne", flags="begin trial",
    ),
    assoc(
        "Karateklubben Øst",
        "sport born",
        "Karate for børn fra 6 år og for voksne. Disciplin, respekt og god motion.",
        """
Hos os lærer børn og voksne traditionel karate. Træningen styrker kroppen og koncentrationen, og der
er graduering to gange om året.

Prøv gratis to gange, før du melder dig ind. Du kan træne i almindeligt træningstøj i starten.
""",
        [
            act("Børnekarate 6-9 år", "man", "16:30", "17:30", "tornhoejhallen", ages=(6, 9),
                group="boern", price="350 kr. pr. halvår", season=SPORTS_SEASON),
            act("Juniorkarate 10-14 år", "man ons", "17:30", "18:30", "tornhoejhallen",
                ages=(10, 14), group="boern", price="400 kr. pr. halvår",
                season=SPORTS_SEASON),
            act("Voksenkarate", "ons", "19:00", "20:30", "tornhoejhallen", ages=(15, None),
                group="voksne", price="500 kr. pr. halvår", season=SPORTS_SEASON),
        ],
        groups="boern unge voksne", flags="trial begin",
    ),
    assoc(
        "Taekwondo 9220",
        "sport born",
        "Taekwondo for børn, unge og voksne tirsdag og torsdag i Tornhøjhallen.",
        """
Taekwondo er en koreansk kampsport med fokus på spark, smidighed og selvkontrol. Vi træner på hold
efter alder og bælte.
""",
        [
            act("Taekwondo børn 7-12 år", "tir tor", "17:00", "18:00", "tornhoejhallen",
                ages=(7, 12), group="boern", price="375 kr. pr. halvår",
                season=SPORTS_SEASON),
            act("Taekwondo unge og voksne", "tir tor", "18:00", "19:30", "tornhoejhallen",
                ages=(13, None), group="alle", price="450 kr. pr. halvår",
                season=SPORTS_SEASON),
        ],
        groups="boern unge voksne", flags="trial",
        status="paused",
    ),
    assoc(
        "Bokseklubben Øst Ungdom",
        "sport born",
        "Boksetræning for unge fra 12 til 25 år. Kondition, teknik og fællesskab – ingen "
        "kampe, hvis du ikke vil.",
        """
Vi bruger boksning til at give unge struktur, selvtillid og en god kondition. Trænerne er
frivillige, og flere af dem er vokset op i Aalborg Øst.

Træningen er gratis for unge under 18 takket være støtte fra lokale fonde.
""",
        [
            act("Boksetræning 12-17 år", "man fre", "17:00", "18:30", "tornhoejhallen",
                ages=(12, 17), group="unge", price="Gratis"),
            act("Boksetræning 18-25 år", "man fre", "18:30", "20:00", "tornhoejhallen",
                ages=(18, 25), group="unge", price="200 kr. pr. halvår"),
        ],
        groups="unge", langs="da ar so ku", flags="begin trial",
    ),
    assoc(
        "Cricketklubben Aalborg Øst",
        "sport faelles",
        "Cricket om sommeren søndag eftermiddag. Spillere fra mange lande – nybegyndere er "
        "velkomne.",
        """
Vi spiller cricket på græsset ved Gigantium fra maj til september. Mange af vores spillere kommer
fra Pakistan, Indien, Sri Lanka og Afghanistan, men alle kan lære spillet.

Vi låner dig udstyr de første gange.
""",
        [
            act("Cricket", "søn", "13:00", "17:00", "gigantium", ages=(14, None), group="alle",
                price="300 kr. pr. sæson", season=SUMMER),
        ],
        groups="unge voksne", langs="en ur ta fa", flags="begin nodansk trial",
    ),
    assoc(
        "Floorball Øst",
        "sport born",
        "Floorball for børn og unge fra 10 til 16 år fredag eftermiddag i Mellervangskolen.",
        """
Floorball er hurtigt, sjovt og let at lære. Vi spiller med plasticstave og en let bold, så der er
ikke brug for dyrt udstyr.
""",
        [
            act("Floorball 10-16 år", "fre", "15:30", "17:00", "mellervangskolen",
                ages=(10, 16), group="boern", price="200 kr. pr. halvår",
                season=INDOOR_SEASON),
        ],
        groups="boern unge", flags="begin trial",
    ),
    assoc(
        "Gymnastikforeningen Spring Øst",
        "sport born",
        "Forældre-barn-gymnastik, springgymnastik og puls for voksne i Mellervangskolens "
        "gymnastiksal.",
        """
Vi har gymnastik for hele familien. De mindste kommer sammen med en voksen og leger med bolde,
måtter og redskaber. De større børn lærer flik-flak og saltoer på springholdet.

Mens børnene træner lørdag, kan forældrene tage en time med puls og styrke i salen ved siden af.
""",
        [
            act("Forældre-barn-gymnastik", "lør", "09:00", "10:00", "mellervangskolen",
                ages=(2, 4), group="familier", price="300 kr. pr. sæson",
                season=INDOOR_SEASON),
            act("Springgymnastik", "man ons", "16:30", "18:00", "mellervangskolen",
                ages=(7, 12), group="boern", price="550 kr. pr. sæson",
                season=INDOOR_SEASON),
            act("Puls og styrke", "lør", "10:00", "11:00", "mellervangskolen", ages=(18, None),
                group="voksne", price="350 kr. pr. sæson", season=INDOOR_SEASON),
        ],
        groups="familier boern voksne", flags="trial",
    ),
    assoc(
        "Yoga i Øst",
        "sport sundhed",
        "Rolig yoga for alle onsdag aften på Trekanten. Du betaler, hvad du kan.",
        """
Vi dyrker blid yoga med fokus på vejrtrækning og afspænding. Det kræver ingen smidighed at starte,
og du kan bruge en stol, hvis det er svært at komme op og ned fra gulvet.

Medbring gerne eget tæppe. Der er måtter til låns.
""",
        [
            act("Yoga for alle", "ons", "18:30", "19:45", "trekanten", ages=(16, None),
                group="alle", price="Frivilligt bidrag"),
        ],
        groups="voksne aeldre", flags="begin wheel",
    ),
    assoc(
        "Petanqueklubben Tornhøjhave",
        "sport aeldre faelles",
        "Petanque i Tornhøjhave tirsdag og fredag formiddag fra april til oktober. Kugler kan "
        "lånes.",
        """
Petanque er et stille og hyggeligt spil, som alle kan lære på ti minutter. Vi spiller på banen i
parken og har altid en termokande kaffe med.
""",
        [
            act("Petanque", "tir fre", "10:00", "12:00", "tornhoejhave", group="alle",
                price="100 kr. pr. år", season=OUTDOOR_SEASON),
        ],
        groups="aeldre voksne", flags="begin wheel trial",
    ),
    assoc(
        "Seniorgymnastik Nørre Tranders",
        "sport aeldre sundhed",
        "Gymnastik for seniorer onsdag formiddag. Bevægelse til musik, balance og styrke i "
        "et tempo, hvor alle kan være med.",
        """
Holdet ledes af en uddannet instruktør og tilpasses deltagerne. Mange kommer også for det sociale:
efter træningen spiser vi medbragt frokost sammen.
""",
        [
            act("Seniorgymnastik", "ons", "10:00", "11:00", "mellervangskolen", ages=(60, None),
                group="aeldre", price="300 kr. pr. sæson", season=INDOOR_SEASON),
        ],
        groups="aeldre", flags="begin wheel",
    ),
    assoc(
        "Kvindemotion i Kvarterhuset",
        "sport sundhed",
        "Motion kun for kvinder: styrke, kredsløb og udstrækning torsdag formiddag i "
        "Sundheds- og Kvarterhuset. Børnepasning under træningen.",
        """
Motionsholdet er for kvinder i alle aldre og i alle former. Instruktøren er kvinde, og der er ingen
mænd i salen.

Mens du træner, passer frivillige dine småbørn i rummet ved siden af.
""",
        [
            act("Kvindemotion", "tor", "10:00", "11:00", "kvarterhuset", ages=(18, None),
                group="kvinder", price="Gratis"),
        ],
        groups="kvinder", langs="da ar so tr", flags="begin nodansk",
    ),
    assoc(
        "Danseforeningen Rytme Øst",
        "sport kultur born",
        "Hiphop, afrodance og zumba for børn, unge og voksne. Opvisning to gange om året.",
        """
Hos Rytme Øst danser vi til musik fra hele verden. Børn og unge lærer koreografier til vores
opvisninger, og voksne kan svede til zumba.
""",
        [
            act("Hiphop 8-12 år", "tir", "16:00", "17:00", "trekanten", ages=(8, 12),
                group="boern", price="300 kr. pr. halvår", season=SPORTS_SEASON),
            act("Afrodance for unge", "tir", "17:00", "18:30", "trekanten", ages=(13, 19),
                group="unge", price="300 kr. pr. halvår", season=SPORTS_SEASON),
            act("Zumba", "tor", "18:00", "19:00", "trekanten", ages=(16, None),
                group="voksne", price="40 kr. pr. gang"),
        ],
        groups="boern unge voksne", flags="begin trial",
    ),
    assoc(
        "Folkedanserne i Nørre Tranders",
        "kultur sport aeldre",
        "Danske folkedanse tirsdag aften med levende musik. Vi mangler især herrer!",
        """
Vi danser de gamle danse fra hele landet til spillemandsmusik. Det er god motion for både krop og
hukommelse.

Du behøver ikke en partner – vi skifter hele aftenen.
""",
        [
            act("Folkedans", "tir", "19:00", "21:30", "trekanten", ages=(18, None),
                group="voksne", price="450 kr. pr. sæson", season=INDOOR_SEASON),
        ],
        groups="voksne aeldre", flags="begin trial",
    ),
    assoc(
        "Skakklubben Løberen Øst",
        "kultur born faelles",
        "Skak for børn og voksne på Trekanten tirsdag. Børneskak kl. 16, klubaften for "
        "voksne kl. 19.",
        """
Skak er for alle – unge og gamle, begyndere og rutinerede. Børneholdet lærer reglerne og små
taktiske tricks gennem leg.

Klubaftenen for voksne byder på turneringsskak og lynskak. Vi har brætter og ure.
""",
        [
            act("Børneskak", "tir", "16:00", "17:30", "trekanten", ages=(7, 14), group="boern",
                price="Gratis", season=INDOOR_SEASON),
            act("Klubaften", "tir", "19:00", "22:00", "trekanten", ages=(14, None),
                group="alle", price="300 kr. pr. år"),
        ],
        groups="boern voksne", langs="da en", flags="begin nodansk",
    ),
    assoc(
        "Stavgang Øst",
        "sport sundhed aeldre",
        "Stavgang i Bundgaardsparken mandag og torsdag kl. 10. Stave kan lånes, og alle kan "
        "være med.",
        """
Stavgang er en skånsom motionsform, som styrker både ben og overkrop. Vi går en tur på omkring en
time i et tempo, hvor vi kan snakke undervejs.
""",
        [
            act("Stavgang", "man tor", "10:00", "11:00", "bundgaardsparken", ages=(50, None),
                group="aeldre", price="Gratis"),
        ],
        groups="aeldre voksne", flags="begin",
    ),
    assoc(
        "Mandemotion 9220",
        "sport sundhed faelles",
        "Motion for mænd over 50: cirkeltræning og boldspil onsdag aften. Ingen krav til form.",
        """
Mandemotion er for mænd, der gerne vil i bedre form sammen med andre mænd. Vi træner en time og
slutter med boldspil. Bagefter er der kaffe og snak.
""",
        [
            act("Mandemotion", "ons", "18:00", "19:30", "mellervangskolen", ages=(50, None),
                group="maend", price="250 kr. pr. halvår", season=INDOOR_SEASON),
        ],
        groups="maend", langs="da ar tr", flags="begin trial",
    ),
    assoc(
        "E-sportsklubben Øst",
        "born kultur faelles",
        "E-sport for børn og unge fra 10 til 17 år: holdspil, trænere og faste spilletider "
        "på Trekanten.",
        """
Vi spiller computerspil som en holdsport med trænere, pauser med bevægelse og faste regler for god
opførsel.

Forældre er velkomne til forældreaften, hvor vi fortæller om spil og skærmtid.
""",
        [
            act("E-sport 10-13 år", "ons", "16:00", "18:00", "trekanten", ages=(10, 13),
                group="boern", price="400 kr. pr. halvår"),
            act("E-sport 14-17 år", "ons fre", "18:00", "20:30", "trekanten", ages=(14, 17),
                group="unge", price="400 kr. pr. halvår"),
            act("Forældreaften", "tor", "19:00", "20:30", "trekanten", freq="irregular",
                group="familier", price="Gratis"),
        ],
        groups="boern unge",
    ),
]
