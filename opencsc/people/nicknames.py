"""Common English given-name variants: a search for one finds the others. Data, not rules."""

GROUPS = [
    "william bill billy will willy liam", "elizabeth liz lizzie beth betty eliza libby elsie", "robert rob bob bobby robbie",
    "richard rich rick ricky dick", "margaret maggie meg peggy maisie", "catherine katherine kate katie cathy kathy kat",
    "james jim jimmy jamie", "john jack johnny jon", "jonathan jon jonny", "thomas tom tommy", "michael mike mikey mick",
    "christopher chris kit", "christine chris chrissie christina", "alexander alex alec sandy xander", "alexandra alex lexi sandra",
    "edward ed eddie ted teddy ned", "daniel dan danny", "samuel sam sammy", "samantha sam sammy", "joseph joe joey",
    "benjamin ben benny", "nicholas nick nicky", "anthony tony", "stephen steve stevie steven", "matthew matt matty",
    "andrew andy drew", "david dave davy", "charles charlie chas chuck", "charlotte charlie lottie", "henry harry hal",
    "frederick fred freddie", "patrick pat paddy", "peter pete", "rebecca becky becca", "jennifer jenny jen",
    "jessica jess jessie", "victoria vicky tori", "abigail abby abbie gail", "amelia millie amy", "emily em emmie emmy",
    "olivia liv livvy", "isabella isabel bella izzy", "isabelle izzy bella", "sophia sophie", "susan sue susie suzy suzie",
    "deborah debbie deb", "patricia pat patty trish", "theodore theo ted teddy", "zachary zach zac", "joshua josh",
    "nathaniel nathan nate", "kenneth ken kenny", "lawrence larry laurie", "gabriel gabe", "mohammed muhammad mohammad mo",
    "terence terrence terry tel", "leonard len lenny leo", "eleanor ellie nell nellie", "josephine jo josie",
    "joanne jo", "sarah sally sadie", "georgina georgie gina", "georgia georgie", "george georgie", "kieran kez",
    "timothy tim timmy", "rosemary rosie", "rose rosie", "jacob jake jakey", "harriet hattie hatty", "oliver ollie olly",
    "toby tobes", "tobias toby tobes", "florence flo florrie", "imogen immy", "dominic dom", "sebastian seb",
    "maximilian max", "maxwell max", "archibald archie", "evelyn evie", "madison maddie", "madeleine maddie",
    "natalie nat", "natasha tash tasha", "louise lou", "louis lou", "philip phil", "phillip phil", "ronald ron ronnie",
    "vincent vince", "gemma gem", "megan meg", "kimberley kim", "francesca fran frankie", "frances fran frankie",
    "jasmine jas jazz", "molly moll", "lucy lu", "gabriella gabby", "daisy margaret", "penelope penny", "dorothy dot dottie",
    "cameron cam", "callum cal", "calum cal", "reginald reg reggie", "raymond ray", "gerald gerry", "geraldine gerry",
    "bernard bernie", "douglas doug dougie", "gregory greg", "jeffrey jeff", "geoffrey geoff", "leslie les",
    "nicola nicky nic", "rachel rach", "stephanie steph", "teresa tess tessa terri", "theresa tess tessa terri",
]

VARIANTS: dict[str, set[str]] = {}
for group in GROUPS:
    names = group.split()
    for name in names:
        VARIANTS.setdefault(name, set()).update(n for n in names if n != name)


def variants(name: str) -> set[str]:
    return VARIANTS.get(name.lower(), set())
