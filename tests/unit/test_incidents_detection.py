"""Every ACLED class is detected in short reports (ACLED's note style and news prose, five languages), and
non-incidents stay out: sport, business, science, accidents and commemorations of past events.
The sentences are our own, written from the ACLED codebook; none comes from an evaluation set."""

from __future__ import annotations

import pytest

from services.core.settings import Settings
from services.incidents.stage import extract_incidents

pytestmark = pytest.mark.unit

PUBLISHED = "2020-07-15T12:00:00+00:00"

REPORTS = [
    ('Agreement', 'en', 'On 3 May 2020, representatives of the Dozo militia and Fulani community leaders signed a peace agreement in Mopti.'),
    ('Agreement', 'en', 'The government and the rebel coalition agreed to a ceasefire on Tuesday in Khartoum.'),
    ('Arrests', 'en', 'On 12 June 2020, police arrested a local opposition leader in Bamako.'),
    ('Arrests', 'en', 'Security forces detained three suspected JNIM members in Djibo on Friday.'),
    ('Headquarters or base established', 'en', 'On 4 July 2020, JNIM militants set up a base in the forest near Boni.'),
    ('Headquarters or base established', 'en', 'The army established a new military camp in Gossi on Monday.'),
    ('Looting/property destruction', 'en', 'On 8 May 2020, unidentified gunmen ransacked and burned the premises of a health centre in Kaya.'),
    ('Looting/property destruction', 'en', 'Suspected militants looted shops and set fire to the town hall of Arbinda on Sunday.'),
    ('Disrupted weapons use', 'en', 'On 2 May 2020, soldiers defused an IED planted on the road between Boni and Hombori.'),
    ('Disrupted weapons use', 'en', 'Police seized a cache of weapons and explosives in a house in Niamey on Thursday.'),
    ('Change to group/activity', 'en', 'On 20 April 2020, JNIM militants imposed a curfew and banned music in the village of Dinangourou.'),
    ('Non-violent transfer of territory', 'en', 'The militants withdrew from the town without a fight and handed it over to the army on Monday.'),
    ('Peaceful protest', 'en', 'On 15 May 2020, residents of Gao held a peaceful demonstration against insecurity.'),
    ('Peaceful protest', 'en', 'Hundreds of teachers marched in Ouagadougou on Tuesday to demand unpaid wages.'),
    ('Violent demonstration', 'en', 'On 10 July 2020, demonstrators barricaded roads with burning tyres in Bamako.'),
    ('Violent demonstration', 'en', 'Protesters blocked the main road and threw stones at passing vehicles in Kaya on Monday.'),
    ('Armed clash', 'en', 'On 5 May 2020, JNIM militants attacked a FAMa convoy near Boulkessi.'),
    ('Armed clash', 'en', 'Suspected militants ambushed a military convoy on the road to Djibo on Sunday.'),
    ('Attack', 'en', 'On 6 May 2020, unidentified gunmen fired shots at the village of Ogossagou.'),
    ('Attack', 'en', 'On 7 May 2020, suspected JNIM militants searched the village of Kani for a local councillor.'),
    ('Attack', 'en', 'Gunmen attacked a civilian convoy of traders near Kaya on Saturday.'),
    ('Abduction/forced disappearance', 'en', 'On 9 May 2020, suspected militants abducted two teachers in Kompienga.'),
    ('Agreement', 'fr', 'Le 3 mai 2020, les chefs dozos et peuls ont signé un accord de paix à Mopti.'),
    ('Arrests', 'fr', "La police a arrêté un responsable de l'opposition à Bamako le 12 juin."),
    ('Headquarters or base established', 'fr', 'Des militants du JNIM ont installé une base dans la forêt près de Boni.'),
    ('Looting/property destruction', 'fr', 'Des hommes armés ont pillé et incendié le centre de santé de Kaya dimanche.'),
    ('Disrupted weapons use', 'fr', 'Les militaires ont désamorcé un engin explosif improvisé sur la route de Boni.'),
    ('Change to group/activity', 'fr', 'Les jihadistes ont imposé un couvre-feu et interdit la musique dans le village de Dinangourou.'),
    ('Peaceful protest', 'fr', "Des centaines d'enseignants ont manifesté pacifiquement à Ouagadougou mardi pour réclamer leurs salaires."),
    ('Violent demonstration', 'fr', 'Des manifestants ont barricadé les routes avec des pneus enflammés à Bamako.'),
    ('Armed clash', 'fr', 'Des jihadistes ont attaqué un convoi militaire près de Boulkessi dimanche.'),
    ('Attack', 'fr', "Des hommes armés ont tiré sur le village d'Ogossagou dans la nuit de samedi à dimanche."),
    ('Attack', 'fr', "Des militants ont fouillé le village de Kani à la recherche d'un conseiller municipal."),
    ('Agreement', 'es', 'El gobierno y los rebeldes firmaron un acuerdo de paz el 12 de junio en Bogotá.'),
    ('Arrests', 'es', 'La policía detuvo a un dirigente opositor en Caracas el 12 de junio.'),
    ('Headquarters or base established', 'es', 'El ejército instaló una nueva base militar en Tumaco el lunes.'),
    ('Looting/property destruction', 'es', 'Hombres armados saquearon e incendiaron el puesto de salud de la aldea el domingo.'),
    ('Disrupted weapons use', 'es', 'Los militares desactivaron un artefacto explosivo en la carretera el martes.'),
    ('Change to group/activity', 'es', 'Los guerrilleros impusieron un toque de queda en la región del Cauca.'),
    ('Peaceful protest', 'es', 'Cientos de maestros marcharon pacíficamente en Lima el martes para exigir salarios.'),
    ('Violent demonstration', 'es', 'Los manifestantes bloquearon las carreteras con barricadas y lanzaron piedras contra la policía.'),
    ('Armed clash', 'es', 'Guerrilleros atacaron un convoy militar cerca de Tumaco el domingo.'),
    ('Arrests', 'pt', 'A polícia prendeu um líder da oposição em Maputo em 12 de junho.'),
    ('Looting/property destruction', 'pt', 'Homens armados saquearam e incendiaram o posto de saúde da aldeia no domingo.'),
    ('Disrupted weapons use', 'pt', 'Os militares desativaram um engenho explosivo na estrada de Mocímboa.'),
    ('Peaceful protest', 'pt', 'Centenas de professores marcharam pacificamente em Maputo na terça-feira para exigir salários.'),
    ('Violent demonstration', 'pt', 'Os manifestantes bloquearam estradas com barricadas e atiraram pedras contra a polícia.'),
    ('Armed clash', 'pt', 'Insurgentes atacaram um comboio militar perto de Mocímboa da Praia no domingo.'),
    ('Headquarters or base established', 'pt', 'Os insurgentes estabeleceram uma base na floresta perto de Macomia.'),
    ('Arrests', 'de', 'Die Polizei nahm am 12. Juni in Bamako einen Oppositionsführer fest.'),
    ('Looting/property destruction', 'de', 'Bewaffnete plünderten und brannten am Sonntag das Gesundheitszentrum des Dorfes nieder.'),
    ('Disrupted weapons use', 'de', 'Soldaten entschärften am Dienstag einen Sprengsatz an der Straße nach Boni.'),
    ('Peaceful protest', 'de', 'Hunderte Lehrer demonstrierten am Dienstag friedlich in Berlin für höhere Löhne.'),
    ('Violent demonstration', 'de', 'Demonstranten errichteten Straßensperren und warfen Steine auf die Polizei.'),
    ('Armed clash', 'de', 'Dschihadisten griffen am Sonntag einen Militärkonvoi bei Boulkessi an.'),
    ('Agreement', 'de', 'Die Regierung und die Rebellen unterzeichneten am Montag ein Friedensabkommen.'),
    ('Headquarters or base established', 'de', 'Die Armee errichtete am Montag einen neuen Stützpunkt in Gossi.'),
    ('Headquarters or base established', 'en', 'Turkish forces have established a new military base near the town of Atarib in western Aleppo.'),
    ('Headquarters or base established', 'en', 'Iranian-backed militias set up a new headquarters in a school building in Albu Kamal.'),
    ('Headquarters or base established', 'en', 'The coalition opened a new outpost on the outskirts of the city last week.'),
    ('Headquarters or base established', 'en', 'Russian troops built a new airbase in Qamishli, local sources reported.'),
    ('Headquarters or base established', 'en', 'The Taliban have established checkpoints along the highway to Kunduz.'),
    ('Looting/property destruction', 'en', 'Unknown people set fire to a primary school in the village overnight.'),
    ('Looting/property destruction', 'en', 'Settlers uprooted dozens of olive trees belonging to Palestinian farmers near Nablus.'),
    ('Looting/property destruction', 'en', 'Israeli forces demolished a house belonging to the family of a Palestinian prisoner in Jenin.'),
    ('Looting/property destruction', 'en', 'Armed men looted the market and stole livestock before leaving the town.'),
    ('Looting/property destruction', 'en', 'Regime forces bulldozed homes in the village after taking control of it.'),
    ('Disrupted weapons use', 'en', 'Security forces found and defused two roadside bombs in Kandahar province.'),
    ('Disrupted weapons use', 'en', 'Israeli air defence systems intercepted a rocket fired from the Gaza Strip.'),
    ('Disrupted weapons use', 'en', 'A bomb exploded prematurely, killing the militant who was planting it.'),
    ('Disrupted weapons use', 'en', 'Police discovered a cache of ammunition and rifles hidden in a farmhouse.'),
    ('Disrupted weapons use', 'en', 'The Saudi-led coalition said it destroyed an explosive-laden drone launched by the Houthis towards Khamis Mushait.'),
    ('Disrupted weapons use', 'en', 'Sappers dismantled a landmine planted near a school.'),
    ('Change to group/activity', 'en', 'The army deployed additional troops to the border area on Wednesday.'),
    ('Change to group/activity', 'en', 'Several hundred fighters of the group surrendered to the authorities in Diffa.'),
    ('Change to group/activity', 'en', 'The two rebel factions announced their merger into a single organisation.'),
    ('Agreement', 'en', 'The warring parties exchanged prisoners under a deal brokered by the Red Cross.'),
    ('Agreement', 'en', 'Tribal elders mediated a truce between the two clans after weeks of tension.'),
    ('Arrests', 'en', 'Turkish authorities detained 25 people suspected of links to the Gulen movement.'),
    ('Arrests', 'en', 'The journalist was arrested at his home in Harare and taken to the central police station.'),
    ('Peaceful protest', 'en', "Dozens of women staged a sit-in outside the governor's office demanding the release of their sons."),
    ('Peaceful protest', 'en', 'Farmers protested in front of the parliament against the new land law.'),
    ('Violent demonstration', 'en', 'Angry youths burned tyres and blocked roads in protest against the killing of a motorcyclist.'),
    ('Violent demonstration', 'en', 'Rioters smashed shop windows and set cars on fire in the city centre.'),
]

NON_INCIDENTS = [
    ('en', 'Three people died when a bus collided with a truck on the highway near Kaya on Monday.'),
    ('en', 'On Sunday, hundreds gathered in Thiaroye to commemorate the massacre of 1944.'),
    ('en', 'The striker fired two shots at goal as the home side attacked relentlessly.'),
    ('en', 'Two people were killed when a gas cylinder exploded in a restaurant in Lagos.'),
    ('fr', 'Un accident de la route a fait trois morts lundi près de Kaya.'),
    ('fr', 'Des centaines de personnes ont commémoré dimanche le 30e anniversaire du massacre de Thiaroye.'),
    ('es', 'Tres personas murieron en un accidente de tráfico en la carretera a Lima.'),
    ('de', 'Bei einem Verkehrsunfall auf der A7 starben am Montag drei Menschen.'),
    ('pt', 'Três pessoas morreram num acidente de viação na estrada de Maputo.'),
    ('en', 'The company signed an agreement to acquire its rival for 3 billion dollars on Monday.'),
    ('en', 'Manchester United beat Chelsea 3-1, with Rashford scoring twice in the second half.'),
    ('en', 'The central bank established a new office in Nairobi to oversee mobile payments.'),
    ('en', 'Scientists discovered a new species of frog in the rainforest of Gabon.'),
    ('en', 'The parliament approved the budget after lengthy negotiations between the parties.'),
    ('en', 'A fire broke out at a market in Kano on Tuesday, destroying hundreds of shops.'),
    ('en', 'Five people were killed when a gas cylinder exploded at a restaurant in Accra.'),
    ('en', 'Twelve passengers died when their bus overturned on the Dakar-Thies highway.'),
    ('en', 'Survivors gathered on Friday to mark the 25th anniversary of the Srebrenica massacre.'),
    ('en', 'The government appointed a new finance minister after the resignation of his predecessor.'),
    ('en', "The striker was arrested by the referee's decision, fans joked after the match."),
    ('en', 'The team launched a counter-attack and the goalkeeper was beaten at the near post.'),
    ('fr', "L'équipe nationale a battu le Cameroun 2-0 samedi soir au stade de Yaoundé."),
    ('fr', 'La banque a signé un accord de partenariat avec une société minière.'),
    ('fr', "Un incendie s'est déclaré dans un entrepôt de Dakar sans faire de victimes."),
    ('fr', "Deux personnes sont mortes dans l'explosion d'une bouteille de gaz dans un restaurant."),
    ('fr', 'Le gouvernement a nommé un nouveau ministre des finances.'),
    ('es', 'El Real Madrid derrotó al Barcelona por 2-1 en el estadio Santiago Bernabéu.'),
    ('es', 'Cinco personas murieron al explotar una bombona de gas en un restaurante de Lima.'),
    ('es', 'Cientos de personas conmemoraron el aniversario de la masacre de El Mozote.'),
    ('pt', 'O Benfica venceu o Porto por 2-1 no Estádio da Luz.'),
    ('pt', 'A empresa assinou um acordo para comprar uma fábrica em Angola.'),
    ('pt', 'Duas pessoas morreram na explosão de uma botija de gás num restaurante.'),
    ('pt', 'Centenas de pessoas homenagearam as vítimas do massacre de 1976.'),
    ('de', 'Bayern München gewann am Samstag mit 3:1 gegen Borussia Dortmund.'),
    ('de', 'Das Unternehmen unterzeichnete ein Abkommen zur Übernahme eines Konkurrenten.'),
    ('de', 'Zwei Menschen starben bei der Explosion einer Gasflasche in einem Restaurant.'),
    ('de', 'Hunderte gedachten am Sonntag der Opfer des Massakers von Srebrenica.'),
]


def main_event(text: str, language: str) -> dict[str, object] | None:
    article = {"id": "a1", "url": "https://example.org/a1", "text": text, "language": {"code": language},
               "published_at": PUBLISHED}
    events = extract_incidents(article, Settings())
    return next((event for event in events if event["main"]), None)


@pytest.mark.parametrize(("sub_event_type", "language", "text"), REPORTS)
def test_every_acled_class_is_detected(sub_event_type: str, language: str, text: str) -> None:
    event = main_event(text, language)
    assert event is not None, text
    assert event["sub_event_type"] == sub_event_type


@pytest.mark.parametrize(("language", "text"), NON_INCIDENTS)
def test_non_incidents_yield_no_acled_event(language: str, text: str) -> None:
    event = main_event(text, language)
    assert event is None or event["sub_event_type"] is None, text


def test_a_german_ordinal_day_ends_no_sentence() -> None:
    event = main_event("Die Polizei nahm am 12. Juni in Bamako einen Oppositionsführer fest.", "de")
    assert event is not None and event["event_date"] == "2020-06-12"
