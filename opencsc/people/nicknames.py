"""Common English given-name variants: a search for one finds the others. Data, not rules."""

GROUPS = [
    "william bill billy will willy liam", "elizabeth liz lizzie beth betty eliza libby elsie", "robert rob bob bobby robbie",
    "richard rich rick ricky dick", "margaret maggie meg peggy maisie", "catherine katherine kate katie cathy kathy kat",
    "james jim jimmy jamie", "john jack johnny jon", "jonathan jon jonny", "thomas tom tommy", "michael mike mikey mick",
    "christopher chris kit", "christine chris chrissie christina", "alexander alex alec sandy", "alexandra alex lexi sandra",
    "edward ed eddie ted teddy ned", "daniel dan danny", "samuel sam sammy", "samantha sam sammy", "joseph joe joey",
    "benjamin ben benny", "nicholas nick nicky", "anthony tony", "stephen steve stevie steven", "matthew matt matty",
    "andrew andy drew", "david dave davy", "charles charlie chas chuck", "charlotte charlie lottie", "henry harry hal",
    "frederick fred freddie", "patrick pat paddy", "peter pete", "rebecca becky becca", "jennifer jenny jen",
    "jessica jess jessie", "victoria vicky tori", "abigail abby abbie gail", "amelia millie amy", "emily em emmie",
    "olivia liv livvy", "isabella isabel bella izzy", "isabelle izzy bella", "sophia sophie", "susan sue susie",
    "deborah debbie deb", "patricia pat patty trish", "theodore theo ted teddy", "zachary zach zac", "joshua josh",
    "nathaniel nathan nate", "kenneth ken kenny", "lawrence larry laurie", "gabriel gabe", "mohammed muhammad mohammad mo",
]

VARIANTS: dict[str, set[str]] = {}
for group in GROUPS:
    names = group.split()
    for name in names:
        VARIANTS.setdefault(name, set()).update(n for n in names if n != name)


def variants(name: str) -> set[str]:
    return VARIANTS.get(name.lower(), set())
