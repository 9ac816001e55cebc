"""Demo associations: voluntary social work."""

from .helpers import act, assoc

ASSOCIATIONS = [
    assoc(
        "Frivilligbørsen Øst",
        "frivillig faelles",
        "Vil du være frivillig? Vi hjælper dig med at finde et frivilligt job i en forening i "
        "Aalborg Øst. Kom forbi torsdag eftermiddag.",
        """
Frivilligbørsen kender de fleste foreninger i bydelen og ved, hvor der mangler hænder: som træner,
lektiehjælper, besøgsven, i køkkenet eller på kontoret.

Vi taler med dig om, hvad du har lyst til og tid til, og så kobler vi dig med en forening.
Frivilligt arbejde er også en god vej til at øve dansk og få erfaring til dit CV.
""",
        [
            act("Frivilligrådgivning", "tor", "14:00", "17:00", "trekanten", ages=(15, None),
                group="alle", price="Gratis"),
        ],
        groups="voksne unge aeldre", langs="da en ar", flags="nodansk wheel",
    ),
    assoc(
        "Patientvennerne på Universitetshospitalet",
        "frivillig sundhed",
        "Frivillige, der følger patienter rundt, læser højt, går ture og holder selskab på "
        "Aalborg Universitetshospital, Brandevej.",
        """
Som frivillig patientven gør du en forskel for patienter, der ikke har pårørende i nærheden. Du får
en introduktion, tavshedspligt og en fast kontaktperson.

Vagterne er på 2-3 timer, og du bestemmer selv, hvor ofte du kommer.
""",
        [
            act("Frivilligvagt", "man tir ons tor fre", "10:00", "16:00", "hospital",
                freq="irregular", ages=(18, None), group="voksne", price="Gratis",
                note="Vagter efter aftale"),
            act("Informationsmøde for nye frivillige", "tir", "17:00", "18:00", "hospital",
                freq="monthly", ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="voksne aeldre",
    ),
    assoc(
        "Flygtningevenner Øst",
        "frivillig sprog faelles",
        "Frivillige venner for flygtninge og nyankomne: hjælp til breve, lektier og hverdag – "
        "og et venskab.",
        """
Flygtningevenner Øst kobler nyankomne familier med en frivillig ven fra området. Vennen hjælper med
at forstå breve, finde rundt i systemet og øve dansk – og er en at drikke kaffe med.

Vi holder fællesarrangementer hver måned, fx madlavning eller ture til stranden.
""",
        [
            act("Åben rådgivning", "man", "16:00", "18:00", "trekanten", ages=(18, None),
                group="voksne", price="Gratis"),
            act("Fællesarrangement", "lør", "13:00", "16:00", None, freq="monthly",
                group="familier", price="Gratis", note="Sted skifter; se programmet"),
        ],
        groups="voksne familier", langs="da ar ti uk fa so", flags="nodansk",
    ),
    assoc(
        "Gældsrådgivningen Øst",
        "frivillig",
        "Gratis og anonym rådgivning om gæld, budget og regninger. Frivillige rådgivere "
        "tirsdag eftermiddag i Sundheds- og Kvarterhuset.",
        """
Har du svært ved at betale dine regninger, eller er du bange for inkasso? Vores frivillige rådgivere
hjælper dig med at få overblik, lave et budget og tale med dem, du skylder penge.

Tag gerne dine papirer med. Du kan være anonym.
""",
        [
            act("Gældsrådgivning", "tir", "15:00", "18:00", "kvarterhuset", ages=(18, None),
                group="voksne", price="Gratis", note="Ingen tidsbestilling"),
        ],
        groups="voksne", langs="da ar en", flags="wheel nodansk",
    ),
    assoc(
        "Den frivillige retshjælp Øst",
        "frivillig",
        "Gratis juridisk rådgivning om bolig, familie, arbejde og forbrug hver anden "
        "onsdag. Frivillige jurister og jurastuderende.",
        """
Retshjælpen giver gratis vejledning om juridiske spørgsmål. Vi kan læse en kontrakt, forklare et
brev fra kommunen eller hjælpe med en klage.

Vi fører ikke sager i retten, men vi fortæller, hvor du kan få hjælp.
""",
        [
            act("Retshjælp", "ons", "16:00", "18:30", "trekanten", freq="biweekly",
                ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="voksne", langs="da en",
    ),
    assoc(
        "Tøjbyttebutikken Øst",
        "frivillig natur",
        "Gratis tøj til børn og voksne. Aflevér det, du ikke bruger, og tag det, du mangler. "
        "Drevet af frivillige.",
        """
Tøjbyttebutikken har åbent to dage om ugen. Alle kan tage tøj – der er ingen krav. Vi modtager rent
og helt tøj, sko og sengetøj.

Vi mangler frivillige til at sortere og ekspedere.
""",
        [
            act("Åbent", "tir fre", "13:00", "17:00", "kvarterhuset", group="alle",
                price="Gratis"),
        ],
        groups="alle familier", langs="da ar so", flags="nodansk",
        status="closed", in_print=False,
    ),
    assoc(
        "Madhjælpen Øst",
        "frivillig faelles",
        "Overskudsmad fra butikker deles ud fredag eftermiddag. Frivillige henter maden og "
        "fordeler den – alle kan komme.",
        """
Madhjælpen redder mad, der ellers ville blive smidt ud, og giver den til dem, der kan bruge den. Der
er ingen visitation – kom og tag, hvad du har brug for.

Vi søger frivillige chauffører med kørekort og frivillige til udleveringen.
""",
        [
            act("Udlevering af mad", "fre", "15:00", "17:00", "kvarterhuset", group="alle",
                price="Gratis"),
        ],
        groups="alle familier", langs="da ar so ti", flags="nodansk wheel",
    ),
    assoc(
        "Julehjælpen Øst",
        "frivillig born",
        "Frivillige hjælper familier med trange kår til en god jul med julekurve og gaver til "
        "børnene. Ansøgning i november.",
        """
Julehjælpen samler penge og gaver ind fra butikker, virksomheder og private. Familier kan søge om en
julekurv eller et gavekort i november.

Frivillige pakker og deler ud i december – meld dig gerne.
""",
        [
            act("Ansøgning og udlevering", "man ons", "16:00", "18:00", "trekanten",
                freq="irregular", group="familier", price="Gratis",
                season=("11-01", "12-23"), note="Ansøgning i november, udlevering i december"),
        ],
        groups="familier", langs="da ar so", flags="nodansk",
    ),
    assoc(
        "Følgevennerne 9220",
        "frivillig sundhed aeldre",
        "Frivillige følger dig til lægen, hospitalet eller kommunen, hvis du ikke har lyst til "
        "at gå alene.",
        """
En følgeven går med dig til en aftale, hjælper med at huske spørgsmålene og går med dig hjem igen.
Vi tolker ikke, men vi kan hjælpe med at bestille en tolk.
""",
        [
            act("Følgeven", "", "", "", None, freq="irregular", ages=(18, None),
                group="alle", price="Gratis", note="Ring senest tre dage før din aftale"),
        ],
        groups="aeldre voksne", langs="da ar", flags="nodansk",
    ),
    assoc(
        "Aftenvandrerne i Øst",
        "frivillig born faelles",
        "Voksne frivillige går rundt i bydelen fredag og lørdag aften og er til stede, hvor de "
        "unge er.",
        """
Aftenvandrerne er forældre og andre voksne, der går i gule veste i bydelen i weekenderne. Vi blander
os ikke, men vi lytter, hjælper og ringer efter hjælp, hvis det er nødvendigt.

Du kan gå med én aften om måneden.
""",
        [
            act("Aftenvandring", "fre lør", "20:00", "23:30", "trekanten", ages=(18, None),
                group="voksne", price="Gratis", note="Mødested ved Trekanten"),
        ],
        groups="voksne", langs="da ar so",
    ),
    assoc(
        "Ven i Øst – mod ensomhed",
        "frivillig faelles aeldre",
        "Frivillige ringer til og besøger mennesker, der føler sig ensomme. Uanset alder – "
        "også unge.",
        """
Ensomhed rammer både unge og gamle. Hos Ven i Øst kan du få en telefonven, der ringer en gang om
ugen, eller komme med til vores søndagscafé.
""",
        [
            act("Søndagscafé", "søn", "14:00", "16:00", "trekanten", group="alle",
                price="Gratis"),
            act("Telefonven", "", "", "", None, freq="irregular", group="alle",
                price="Gratis", note="Tid aftales med telefonvennen"),
        ],
        groups="alle aeldre unge", flags="wheel",
    ),
]
