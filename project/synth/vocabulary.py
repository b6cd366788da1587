"""The words synthetic rows are made of: names, organisations, places, what events do."""

from events.models import Demand, Event, Reaction

FIRST_NAMES = [
    "Ara", "Lena", "Tigran", "Mariam", "Davit", "Nune", "Karen", "Ani", "Levon", "Sona",
    "Ivan", "Olga", "Omar", "Leila", "Juan", "Rosa", "Kwame", "Amina", "Pierre", "Chloe",
]  # fmt: skip
LAST_NAMES = [
    "Petrosyan", "Hakobyan", "Sargsyan", "Ivanov", "Smirnova", "Haddad", "Garcia", "Mensah",
    "Dubois", "Kowalski", "Novak", "Tanaka", "Okafor", "Rahman", "Silva", "Larsen",
]  # fmt: skip
ORGS = [
    "National Security Service", "Ministry of Defence", "Civic Union", "Patriotic Front",
    "Press Freedom Watch", "Armed Volunteers", "Election Monitors", "Veterans' League",
]  # fmt: skip
COUNTRIES = ["AM", "AZ", "GE", "RU", "UA", "TR", "IR", "FR", "DE", "US", "ML", "NE", "BF", "SD", "MM"]
PLACE_ROOTS = ["Ash", "Bel", "Car", "Dor", "Ev", "Fal", "Gor", "Hal", "Ish", "Kar", "Lor", "Mar"]
PLACE_ENDS = ["grad", "town", "abad", "ville", "burg", "polis", "stan", "ford", "shen", "vik"]
EVENT_VERBS = {
    Event.Kind.ANNOUNCEMENT: "announced that a plot had been uncovered",
    Event.Kind.ARREST: "arrested suspected plotters",
    Event.Kind.CHARGE: "charged suspects with plotting a coup",
    Event.Kind.RECRUITMENT: "recruited volunteers",
    Event.Kind.TRAINING: "trained fighters",
    Event.Kind.MILITARY_OPERATION: "moved armoured units",
    Event.Kind.MILITARY_EXERCISE: "held military exercises",
    Event.Kind.STATEMENT: "issued a statement on the allegations",
    Event.Kind.VISIT: "received a foreign delegation",
    Event.Kind.PROTEST: "gathered protesters",
}
STANCES = [choice for choice, _ in Reaction.Stance.choices]
TOPICS = [choice for choice, _ in Demand.Topic.choices]
