"""Person and organisation names, and the surface variants a resolver must handle.

A first name is a *group*: its spellings are transliterations or accent variants of
one name (Mohammed / Muhammad / Mohamed) and its nicknames are informal forms
(Robert -> Bob). A last name is a group of spellings (Hassan / Hasan). No spelling or
nickname belongs to two groups (the tests check), so the pair of group indexes is a
name *key*: two people with the same key are indistinguishable by name alone, and
the world uses keys to decide which same-name collisions exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from itertools import accumulate, chain
from random import Random

from .rare_names import fold, rare_first_names, rare_last_names


@dataclass(frozen=True, slots=True)
class FirstName:
    """A first-name group: spellings of one name, plus nicknames."""

    spellings: tuple[str, ...]
    nicknames: tuple[str, ...]


def _first_names(*specs: str) -> tuple[FirstName, ...]:
    # "Robert:Bob,Rob" -> spellings (Robert,), nicknames (Bob, Rob); "|" separates spellings.
    groups = []
    for spec in specs:
        spellings, _, nicknames = spec.partition(":")
        groups.append(
            FirstName(
                spellings=tuple(spellings.split("|")),
                nicknames=tuple(n for n in nicknames.split(",") if n),
            )
        )
    return tuple(groups)


def _last_names(*specs: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(spec.split("|")) for spec in specs)


# Name specs by origin. First names: "Robert:Bob,Rob" gives spellings (Robert,) and
# nicknames (Bob, Rob); "|" separates spellings. Last names: spellings only.
_FIRST_SPECS: dict[str, tuple[str, ...]] = {
    "english": (
        "James:Jim,Jimmy", "John:Johnny,Jack", "Robert:Bob,Rob,Bobby", "Michael:Mike,Mikey",
        "William:Bill,Will,Billy", "David:Dave", "Richard:Rick,Rich,Dick", "Joseph:Joe,Joey",
        "Thomas:Tom,Tommy", "Charles:Charlie,Chuck", "Christopher:Chris", "Daniel:Dan,Danny",
        "Matthew:Matt", "Anthony:Tony", "Mark", "Donald:Don", "Steven|Stephen:Steve", "Paul",
        "Andrew:Andy,Drew", "Joshua:Josh", "Kenneth:Ken,Kenny", "Kevin", "Brian|Bryan", "George",
        "Timothy:Tim", "Ronald:Ron", "Edward:Ed,Eddie,Ted", "Jason", "Jeffrey|Geoffrey:Jeff",
        "Ryan", "Jacob:Jake", "Gary", "Nicholas:Nick", "Eric|Erik", "Jonathan:Jon", "Justin",
        "Scott", "Brandon", "Benjamin:Ben", "Samuel:Sam", "Gregory:Greg", "Alexander:Alex",
        "Patrick:Pat", "Frank", "Raymond:Ray", "Dennis", "Tyler", "Aaron", "Adam",
        "Nathan:Nate", "Henry:Hank", "Douglas:Doug", "Zachary:Zach", "Peter:Pete", "Kyle",
        "Walter:Walt", "Harold:Harry", "Jeremy", "Ethan", "Carl|Karl", "Keith", "Roger",
        "Gerald:Jerry", "Terry", "Sean|Shawn", "Arthur:Art", "Lawrence:Larry", "Jesse",
        "Marcus", "Malik", "Darnell", "Tyrone", "Terrell", "DeShawn|Deshawn", "Andre|André",
        "Mary", "Patricia:Patty,Trish", "Jennifer:Jen,Jenny", "Linda", "Elizabeth:Liz,Beth,Betsy",
        "Barbara:Barb", "Susan:Sue", "Jessica:Jess", "Sarah|Sara", "Karen", "Nancy", "Lisa",
        "Margaret:Maggie,Peggy", "Sandra:Sandy", "Ashley", "Kimberly:Kim", "Emily", "Donna",
        "Michelle", "Carol", "Amanda:Mandy", "Melissa:Missy", "Deborah|Debra:Deb,Debbie",
        "Stephanie:Steph", "Rebecca:Becky", "Laura", "Sharon", "Cynthia:Cindy",
        "Kathleen|Cathleen:Kathy", "Amy", "Angela:Angie", "Helen", "Anna", "Brenda",
        "Pamela:Pam", "Nicole:Nikki", "Katherine|Catherine|Kathryn:Kate,Katie", "Rachel",
        "Janet", "Emma", "Heather", "Diane", "Julie", "Victoria:Vicky,Tori", "Kelly",
        "Christina:Tina", "Lauren", "Judith:Judy", "Megan:Meg", "Andrea", "Frances:Fran",
        "Hannah", "Jacqueline:Jackie", "Ann|Anne", "Teresa|Theresa:Terri", "Keisha", "Tanisha",
        "Latoya", "Aaliyah|Aliyah",
    ),
    "spanish": (
        "José|Jose:Pepe", "Juan", "Luis", "Carlos", "Jesús|Jesus:Chuy", "Francisco:Paco,Pancho",
        "Alejandro", "Miguel", "Javier|Xavier", "Antonio:Toño", "Manuel:Manny", "Ricardo:Ricky",
        "Eduardo:Lalo", "Roberto:Beto", "Fernando:Nando", "Jorge", "Raúl|Raul", "Sergio",
        "Guillermo:Memo", "Héctor|Hector", "Andrés|Andres", "Óscar|Oscar", "Rafael:Rafa",
        "Arturo", "Enrique:Kike", "Ramón|Ramon", "Pedro", "Mario", "Alberto", "Diego",
        "Mauricio", "Gustavo:Tavo", "Adriana", "María|Maria", "Guadalupe:Lupe", "Rosa", "Ana",
        "Carmen", "Gabriela:Gaby", "Alejandra", "Verónica|Veronica", "Daniela", "Sofía|Sofia",
        "Lucía|Lucia", "Claudia", "Yolanda", "Marisol", "Leticia", "Elena", "Isabel", "Valeria",
    ),
    "arabic": (
        "Mohammed|Muhammad|Mohamed|Mohammad", "Ahmed|Ahmad", "Ali", "Omar|Umar",
        "Yusuf|Youssef|Yousef", "Hussein|Husain|Hussain", "Hassan|Hasan", "Khalid|Khaled",
        "Ibrahim|Ebrahim", "Mustafa|Mostafa", "Abdullah|Abdallah", "Tariq|Tarek|Tareq",
        "Samir|Sameer", "Karim|Kareem", "Walid|Waleed", "Faisal|Faysal", "Nasser|Nasir|Naser",
        "Jamal|Gamal", "Saeed|Said|Sayed", "Rashid|Rasheed", "Mahmoud|Mahmud", "Osama|Usama",
        "Bilal", "Hamza|Hamzah", "Zaid|Zayd|Zeid", "Amir|Ameer", "Tamer", "Ziad|Ziyad",
        "Abdi", "Abdirahman|Abdurrahman", "Reza", "Dariush|Dariusz", "Fatima|Fatimah",
        "Aisha|Ayesha|Aysha", "Mariam|Maryam", "Layla|Leila|Laila", "Nour|Noor", "Huda|Hoda",
        "Yasmin|Yasmine", "Rania", "Salma|Selma", "Amina|Aminah", "Zainab|Zaynab",
        "Khadija|Khadijah", "Ayaan|Ayan", "Nadia|Nadya",
    ),
    "south_asian": (
        "Imran", "Asif", "Arjun", "Rahul", "Sanjay", "Vikram", "Rajesh:Raj", "Anil", "Priya",
        "Deepak", "Suresh", "Sunil", "Ravi", "Amit", "Sana",
    ),
    "slavic": (
        "Sergei|Sergey", "Dmitri|Dmitry|Dmitriy", "Aleksandr|Alexandr|Oleksandr:Sasha",
        "Mikhail", "Yevgeny|Evgeny|Evgeniy:Zhenya", "Andrei|Andrey", "Vladimir:Vova",
        "Nikolai|Nikolay", "Oleg", "Igor", "Ivan", "Pavel", "Yuri|Yuriy|Iurii",
        "Anatoly|Anatoliy", "Natalia|Natalya|Nataliya:Natasha", "Olga", "Svetlana:Sveta",
        "Yekaterina|Ekaterina:Katya", "Irina", "Tatiana|Tatyana",
    ),
    "east_asian": (
        "Wei", "Jun", "Minh", "Thanh", "Hiroshi", "Kenji", "Yuki", "Min-jun|Minjun",
        "Ji-woo|Jiwoo", "Mei", "Xiaoming", "Hyun-woo|Hyunwoo",
    ),
}
_LAST_SPECS: dict[str, tuple[str, ...]] = {
    "english": (
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Thompson|Thomson", "White", "Harris",
        "Clark|Clarke", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
        "Scott", "Hill", "Green|Greene", "Adams", "Baker", "Nelson", "Carter", "Mitchell",
        "Roberts", "Turner", "Phillips|Philips", "Campbell", "Parker", "Evans", "Edwards",
        "Collins", "Stewart|Stuart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper",
        "Peterson|Petersen", "Reed|Reid", "Bailey", "Bell", "Kelly|Kelley", "Howard", "Ward",
        "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray|Grey", "Hughes",
        "Price", "Sanders", "Myers|Meyers", "Long", "Ross", "Foster", "Powell", "Jenkins",
        "Perry", "Russell", "Sullivan", "Fisher", "Henderson", "Coleman", "Simmons",
        "Patterson", "Jordan", "Reynolds", "Hamilton", "Graham", "Wallace", "West", "Cole",
        "Hayes", "Gibson", "McDonald|MacDonald", "Marshall", "Owens", "Harrison", "Fletcher",
        "Porter", "Hunter", "Burke", "O'Brien|OBrien", "O'Connor|OConnor", "Murray",
        "Walsh|Welsh", "Doyle", "Boyle", "Kowalski", "Nowak", "Schmidt|Schmitt",
        "Schneider|Snyder", "Fischer", "Weber", "Becker", "Wagner", "Hoffman|Hoffmann", "Koch",
        "Mueller|Müller|Muller",
    ),
    "spanish": (
        "García|Garcia", "Rodríguez|Rodriguez", "Martínez|Martinez", "Hernández|Hernandez",
        "López|Lopez", "González|Gonzalez", "Pérez|Perez", "Sánchez|Sanchez",
        "Ramírez|Ramirez", "Torres", "Flores", "Rivera", "Gómez|Gomez", "Díaz|Diaz", "Reyes",
        "Cruz", "Morales", "Ortiz", "Gutiérrez|Gutierrez", "Chávez|Chavez", "Ramos", "Ruiz",
        "Mendoza", "Álvarez|Alvarez", "Castillo", "Jiménez|Jimenez", "Vásquez|Vasquez|Vazquez",
        "Romero", "Herrera", "Medina", "Aguilar", "Vargas", "Guzmán|Guzman", "Salazar",
        "Castro", "Delgado", "Soto", "Contreras", "Estrada", "Villanueva", "Ochoa",
        "Cárdenas|Cardenas", "Fuentes", "Navarro", "Peña|Pena", "Rojas", "Orozco", "Zamora",
        "Ibarra", "Valenzuela", "Quintero", "Cisneros", "Beltrán|Beltran", "Acosta",
    ),
    "arabic": (
        "Hassan|Hasan", "Rahman|Rehman", "Al-Masri|Almasri|El-Masri", "Abdullah|Abdallah",
        "Haddad", "Khalil", "Mansour|Mansur", "Saleh|Salih", "Aziz", "Hamdan",
        "Qasim|Kassem|Qassim", "Ibrahim", "Hussein|Husain", "Yousef|Youssef|Yusuf",
        "Al-Amin|Alamin", "Farouk|Farooq|Faruk", "Darwish|Darwich", "Suleiman|Sulaiman|Soliman",
        "Othman|Osman|Uthman", "Al-Rashid|Alrashid|Al-Rasheed", "Haidar|Haider|Hyder",
        "Jaber|Jabir", "Zaki", "Tahir|Taher", "Sheikh|Shaikh|Shaykh", "Khoury|Khouri|Khuri",
        "Saad", "Mahdi|Mehdi", "Warsame", "Farah", "Jama", "Mohamud|Mahamud", "Hersi|Hirsi",
        "Egal",
    ),
    "south_asian": (
        "Qureshi|Kureishi|Qurashi", "Chaudhry|Choudhury|Chaudhary", "Khan", "Malik",
        "Siddiqui|Siddiqi", "Hashmi|Hashemi", "Baig|Beg", "Ansari", "Mirza", "Patel", "Shah",
        "Singh", "Kumar", "Sharma", "Gupta", "Reddy", "Rao", "Nair", "Desai", "Mehta", "Joshi",
        "Verma", "Bhatt|Bhat",
    ),
    "slavic": (
        "Ivanov", "Petrov", "Smirnov", "Kuznetsov|Kuznetsoff", "Popov", "Sokolov", "Lebedev",
        "Kozlov", "Novikov", "Morozov", "Volkov", "Pavlov", "Fedorov|Fyodorov", "Orlov",
        "Romanov", "Zaitsev|Zaytsev", "Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko",
        "Melnyk|Melnik", "Kravchenko", "Petrenko", "Horvath|Horvat", "Novak", "Dvorak",
    ),
    "east_asian": (
        "Chen", "Wang", "Li|Lee", "Zhang|Chang", "Liu", "Yang", "Huang|Hwang", "Zhao|Chao",
        "Wu", "Zhou|Chou", "Nguyen|Nguyễn", "Tran", "Pham", "Kim", "Park|Pak", "Choi|Choe",
        "Jung|Chung", "Tanaka", "Suzuki", "Sato", "Watanabe", "Yamamoto",
    ),
}
# How often each origin is drawn; a name's first and last usually share an origin.
ORIGINS: tuple[tuple[str, int], ...] = (
    ("english", 40), ("spanish", 22), ("arabic", 14), ("south_asian", 8), ("slavic", 8),
    ("east_asian", 8),
)

# How often a name is a common one (the groups above) rather than one from the long
# tail of rare_names.py. Real surname distributions put about a third of people on the
# few hundred most common names; the rest share theirs with few others.
COMMON_SHARE = 0.35


def _tails(
    head: dict[str, tuple[str, ...]], taken: set[str], rare: Callable[[str], list[str]]
) -> dict[str, tuple[str, ...]]:
    # A rare name is its own group, so it may not be a spelling or nickname of any group
    # (the resolver folds case and accents, so neither may tell two groups apart).
    tails = {}
    for origin in head:
        fresh = []
        for name in rare(origin):
            if fold(name) not in taken:
                taken.add(fold(name))
                fresh.append(name)
        tails[origin] = tuple(fresh)
    return tails


_FIRST_TAILS = _tails(
    _FIRST_SPECS,
    {fold(n) for spec in chain(*_FIRST_SPECS.values()) for n in re.split(r"[:|,]", spec) if n},
    rare_first_names,
)
_LAST_TAILS = _tails(
    _LAST_SPECS,
    {fold(n) for spec in chain(*_LAST_SPECS.values()) for n in spec.split("|")},
    rare_last_names,
)

FIRST_NAMES = _first_names(*chain(*_FIRST_SPECS.values(), *_FIRST_TAILS.values()))
LAST_NAMES = _last_names(*chain(*_LAST_SPECS.values(), *_LAST_TAILS.values()))


def _ranges(*parts: dict[str, tuple[str, ...]]) -> list[dict[str, range]]:
    # Group indexes run through the parts in order: all common groups, then all rare.
    ranges: list[dict[str, range]] = []
    start = 0
    for part in parts:
        ranges.append({})
        for origin, group in part.items():
            ranges[-1][origin] = range(start, start + len(group))
            start += len(group)
    return ranges


_FIRST_COMMON, _FIRST_RARE = _ranges(_FIRST_SPECS, _FIRST_TAILS)
_LAST_COMMON, _LAST_RARE = _ranges(_LAST_SPECS, _LAST_TAILS)
_ORIGIN_NAMES = tuple(o for o, _ in ORIGINS)
_ORIGIN_CUM = tuple(accumulate(w for _, w in ORIGINS))

NameKey = tuple[int, int]

_INITIALS = "ABCDEFGHJKLMNPRSTW"


class NameStyle(Enum):
    """How a person's name is written where it is introduced in a report."""

    FULL = "full"  # Ali Hassan
    MIDDLE = "middle"  # Ali K. Hassan
    UPPER = "upper"  # ALI HASSAN
    LAST_FIRST = "last_first"  # HASSAN, Ali
    INITIAL = "initial"  # A. Hassan
    NICKNAME = "nickname"  # Bob Miller
    TRANSLIT = "translit"  # Muhammad Hassan for Mohammed Hassan
    TYPO = "typo"  # Ali Hasasn


# Styles whose surface still normalises to the canonical name's tokens.
STRONG_STYLES = (NameStyle.FULL, NameStyle.MIDDLE, NameStyle.UPPER, NameStyle.LAST_FIRST)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's real name: indexes into the name groups plus the spellings they use."""

    first_group: int
    first_spelling: int
    last_group: int
    last_spelling: int
    middle_initial: str

    @property
    def key(self) -> NameKey:
        """Name key: equal keys mean the names cannot be told apart."""
        return (self.first_group, self.last_group)

    @property
    def first(self) -> str:
        """The first name as this person writes it."""
        return FIRST_NAMES[self.first_group].spellings[self.first_spelling]

    @property
    def last(self) -> str:
        """The last name as this person writes it."""
        return LAST_NAMES[self.last_group][self.last_spelling]

    @property
    def canonical(self) -> str:
        """The name as it appears on identity documents."""
        return f"{self.first} {self.last}"

    def available(self, style: NameStyle) -> bool:
        """Whether this name has a variant of the given style."""
        if style is NameStyle.NICKNAME:
            return bool(FIRST_NAMES[self.first_group].nicknames)
        if style is NameStyle.TRANSLIT:
            return (
                len(FIRST_NAMES[self.first_group].spellings) > 1
                or len(LAST_NAMES[self.last_group]) > 1
            )
        if style is NameStyle.TYPO:
            return len(self.last) >= 5
        return True

    def render(self, style: NameStyle, rng: Random) -> str:
        """The name written in `style`; falls back to FULL where a style does not apply."""
        first, last = self.first, self.last
        match style:
            case NameStyle.MIDDLE:
                return f"{first} {self.middle_initial}. {last}"
            case NameStyle.UPPER:
                return f"{first} {last}".upper()
            case NameStyle.LAST_FIRST:
                return f"{last.upper()}, {first}"
            case NameStyle.INITIAL:
                return f"{first[0]}. {last}"
            case NameStyle.NICKNAME if self.available(style):
                return f"{rng.choice(FIRST_NAMES[self.first_group].nicknames)} {last}"
            case NameStyle.TRANSLIT if self.available(style):
                return self._transliterated(rng)
            case NameStyle.TYPO if self.available(style):
                return f"{first} {_typo(last, rng)}"
        return f"{first} {last}"

    def short(self, style: NameStyle) -> str:
        """The follow-up form used after the name has been introduced ("Hassan")."""
        last = self.last
        return last.upper() if style in (NameStyle.UPPER, NameStyle.LAST_FIRST) else last

    def _transliterated(self, rng: Random) -> str:
        firsts = FIRST_NAMES[self.first_group].spellings
        lasts = LAST_NAMES[self.last_group]
        other_first = [s for s in firsts if s != self.first]
        other_last = [s for s in lasts if s != self.last]
        if other_first and (not other_last or rng.random() < 0.6):
            return f"{rng.choice(other_first)} {self.last}"
        return f"{self.first} {rng.choice(other_last)}"


def _typo(word: str, rng: Random) -> str:
    # Keep the first letter: typos in the initial are rare and would defeat blocking.
    i = rng.randrange(1, len(word) - 1)
    match rng.randrange(3):
        case 0:  # swap two adjacent letters
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if swapped != word:
                return swapped
            return word[:i] + word[i + 1 :]
        case 1:  # drop a letter
            return word[:i] + word[i + 1 :]
        case _:  # double a letter
            return word[:i] + word[i] + word[i:]


def _pick(rng: Random, common: dict[str, range], rare: dict[str, range]) -> dict[str, range]:
    return common if rng.random() < COMMON_SHARE else rare


def random_name(rng: Random) -> PersonName:
    """A random name: an origin by weight, then first and last name groups from it."""
    origin = rng.choices(_ORIGIN_NAMES, cum_weights=_ORIGIN_CUM)[0]
    # South Asian Muslim names mix with Arabic first names, as they do in life.
    first_origin = "arabic" if origin == "south_asian" and rng.random() < 0.4 else origin
    fg = rng.choice(_pick(rng, _FIRST_COMMON, _FIRST_RARE)[first_origin])
    # One name in ten crosses origins (marriage, adoption, anglicised names).
    last_origin = origin if rng.random() < 0.9 else rng.choice(_ORIGIN_NAMES)
    lg = rng.choice(_pick(rng, _LAST_COMMON, _LAST_RARE)[last_origin])
    return PersonName(
        first_group=fg,
        first_spelling=rng.randrange(len(FIRST_NAMES[fg].spellings)),
        last_group=lg,
        last_spelling=rng.randrange(len(LAST_NAMES[lg])),
        middle_initial=rng.choice(_INITIALS),
    )


# Organisation names: "<stem> <line> <suffix>", e.g. "Crescent Logistics LLC".
_ORG_STEMS = (
    "Crescent", "Lone Star", "Gulf", "Summit", "Harbor", "Atlas", "Meridian", "Pioneer",
    "Sierra", "Cascade", "Red River", "Blue Ridge", "Keystone", "Granite", "Silverline",
    "Horizon", "Northstar", "Sunrise", "Falcon", "Cedar", "Frontier", "Oasis", "Delta",
    "Phoenix", "Sahara", "Caspian", "Andes", "Bayou", "Prairie", "Coastal", "Ironwood",
    "Evergreen", "Riverside", "Highland", "Golden Gate", "Alamo", "Liberty", "Unity",
    "Al-Noor", "Al-Baraka", "Zamzam", "Anatolia", "Levant", "Tigris", "Nile", "Medina",
    "Sinai", "Baltic", "Volga", "Dnipro", "Carpathian", "Aztec", "Sonora", "Chihuahua",
    "Pacifica", "Mariner", "Redstone", "Tristar", "Bluewater", "Westgate",
)
_ORG_LINES = (
    "Logistics", "Freight", "Trading", "Imports", "Exports", "Transport", "Shipping",
    "Holdings", "Ventures", "Consulting", "Construction", "Auto Sales", "Auto Parts",
    "Farm Supply", "Chemical Supply", "Pool Supply", "Hardware", "Electronics",
    "Money Services", "Exchange", "Charitable Foundation", "Relief Fund", "Cultural Center",
    "Security Services", "Towing", "Trucking", "Car Rental", "Travel Agency",
    "Wholesale Grocers", "Telecom", "Fireworks", "Tactical Supply", "Mining Supply",
)
_ORG_QUALIFIERS = ("", "", "", "Bay", "Valley", "Star", "Point", "Ridge", "Coast", "Gate", "Field")
_ORG_SUFFIXES = ("LLC", "Inc.", "Ltd.", "Corp.", "Co.", "Group", "LLP")
_ALIAS_WORDS = ("International", "Enterprises", "Partners", "Brothers", "Global", "Associates")


@dataclass(frozen=True, slots=True)
class OrgName:
    """An organisation's registered name and the informal forms reports use."""

    base: str  # "Crescent Logistics"
    suffix: str  # "LLC"
    alias: str | None  # a trading name some reports use instead: "Crescent Global"

    @property
    def canonical(self) -> str:
        """The registered name."""
        return f"{self.base} {self.suffix}" if self.suffix else self.base

    def variants(self) -> tuple[str, ...]:
        """Surfaces that name this organisation, canonical first."""
        if not self.suffix:  # agencies: known by one name
            return (self.base,)
        forms = (self.canonical, self.base, f"{self.base}, {self.suffix}", self.canonical.upper())
        return (*forms, self.alias) if self.alias else forms


def random_org_name(rng: Random) -> OrgName:
    """A random organisation name; callers keep bases and aliases unique."""
    stem = rng.choice(_ORG_STEMS)
    qualifier = rng.choice(_ORG_QUALIFIERS)
    head = f"{stem} {qualifier}" if qualifier else stem
    return OrgName(
        base=f"{head} {rng.choice(_ORG_LINES)}",
        suffix=rng.choice(_ORG_SUFFIXES),
        alias=f"{head} {rng.choice(_ALIAS_WORDS)}",
    )
