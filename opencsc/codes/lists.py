"""Every code list OpenCSC uses. DfE lists carry their DfE field name; local lists say so.

Sources: ../shared/domain/cin-census.md (CIN), ssda903.md (SSDA903), annex-a.md (Ofsted).
Collection years are the year a collection ends (2025 = 2024/25).
"""

from django.db.models import TextChoices

from .base import Code, CodeList, simple

# ---- People ---------------------------------------------------------------------------------

SEX = simple(
    "Sex (legal sex)",
    [("M", "Male"), ("F", "Female"), ("U", "Unknown or not recorded (always U for an unborn child)")],
    dfe_field="CIN Sex / SSDA903 SEX (from 2024/25)",
)

GENDER_CURRENT = CodeList(
    "Gender (CIN GenderCurrent, to 2023/24)",
    [
        Code("1", "Male", last_year=2024),
        Code("2", "Female", last_year=2024),
        Code("0", "Not recorded, or unborn", last_year=2024),
        Code("9", "Indeterminate", last_year=2024),
    ],
    dfe_field="GenderCurrent",
)

SSDA903_SEX_OLD = CodeList(
    "SSDA903 SEX before 2024/25",
    [Code("1", "Male", last_year=2024), Code("2", "Female", last_year=2024)],
    dfe_field="SEX",
)

GENDER_IDENTITY = simple(
    "Gender identity (local; SSD pers_gender)",
    [("01", "Man or boy"), ("02", "Woman or girl"), ("00", "Other or non-binary"), ("09", "Not known or not asked")],
)

ETHNICITY = simple(
    "Ethnicity",
    [
        ("WBRI", "White British"),
        ("WIRI", "White Irish"),
        ("WIRT", "Traveller of Irish heritage"),
        ("WROM", "Gypsy/Roma"),
        ("WOTH", "Any other White background"),
        ("MWBC", "White and Black Caribbean"),
        ("MWBA", "White and Black African"),
        ("MWAS", "White and Asian"),
        ("MOTH", "Any other mixed background"),
        ("AIND", "Indian"),
        ("APKN", "Pakistani"),
        ("ABAN", "Bangladeshi"),
        ("AOTH", "Any other Asian background"),
        ("BCRB", "Black Caribbean"),
        ("BAFR", "Black African"),
        ("BOTH", "Any other Black background"),
        ("CHNE", "Chinese"),
        ("OOTH", "Any other ethnic group"),
        ("REFU", "Refused"),
        ("NOBT", "Information not yet obtained"),
    ],
    dfe_field="Ethnicity / ETHNIC",
)

DISABILITY = simple(
    "Disability",
    [
        ("NONE", "No disability"),
        ("MOB", "Mobility"),
        ("HAND", "Hand function"),
        ("PC", "Personal care"),
        ("INC", "Incontinence"),
        ("COMM", "Communication"),
        ("LD", "Learning"),
        ("HEAR", "Hearing"),
        ("VIS", "Vision"),
        ("BEH", "Behaviour (including ADHD)"),
        ("CON", "Consciousness (seizures)"),
        ("AUT", "Diagnosed autism or Asperger's"),
        ("DDA", "Other disability under the Disability Discrimination Act"),
    ],
    dfe_field="Disability",
)

UPN_UNKNOWN_CIN = simple(
    "Reason a UPN is unknown (CIN)",
    [
        ("UN1", "Not of school age and no UPN assigned yet"),
        ("UN2", "Never attended a maintained school in England"),
        ("UN3", "Educated outside England"),
        ("UN4", "Newly in scope; UPN not yet known"),
        ("UN5", "Sources disagree, so the UPN cannot be reliably matched"),
        ("UN6", "Not confirmed in our sources (e.g. unborn)"),
        ("UN7", "Referral with no further action"),
    ],
    dfe_field="UPNunknown",
)
UPN_UNKNOWN_903 = CodeList(
    "Reason a UPN is unknown (SSDA903)", [c for c in UPN_UNKNOWN_CIN if c.code <= "UN5"], dfe_field="UPN"
)

RELATIONSHIP = simple(
    "Relationship to the child (local)",
    [
        ("mother", "Mother"),
        ("father", "Father"),
        ("step_parent", "Step-parent"),
        ("parent_partner", "Parent's partner"),
        ("sibling", "Sibling"),
        ("half_sibling", "Half-sibling"),
        ("grandparent", "Grandparent"),
        ("aunt_uncle", "Aunt or uncle"),
        ("other_relative", "Other relative"),
        ("foster_carer", "Foster carer"),
        ("kinship_carer", "Kinship carer"),
        ("special_guardian", "Special guardian"),
        ("adopter", "Adoptive parent"),
        ("friend", "Family friend"),
        ("child", "Child (the person's own child)"),
        ("partner", "Partner (married, civil partner or living together)"),
        ("former_partner", "Former partner (separated or divorced)"),
        ("significant_other", "Other significant person"),
    ],
)

PARENTS = ("mother", "father")  # a shared one makes two children (half-)siblings
SIBLINGS = ("sibling", "half_sibling")
PARTNERS = ("partner", "former_partner")

PARENTAL_RESPONSIBILITY_BASIS = simple(
    "Basis of parental responsibility (local; Children Act 1989 ss2-4A, 8, 14C, 33)",
    [
        ("birth", "Birth mother"),
        ("marriage_or_registration", "Married to the mother, civil partner, or registered on the birth certificate"),
        ("agreement", "Parental responsibility agreement"),
        ("child_arrangements_order", "Child arrangements order (lives with)"),
        ("special_guardianship_order", "Special guardianship order"),
        ("care_order", "Care order (the local authority)"),
        ("adoption_order", "Adoption order (the adopters)"),
        ("court_order_other", "Other court order"),
    ],
)

RELIGION = simple(
    "Religion (local; the ONS 2021 census categories)",
    [("none", "No religion"), ("christian", "Christian"), ("buddhist", "Buddhist"), ("hindu", "Hindu"),
     ("jewish", "Jewish"), ("muslim", "Muslim"), ("sikh", "Sikh"), ("other", "Any other religion"),
     ("not_stated", "Prefers not to say, or not asked")],
)

IMMIGRATION_STATUS = simple(
    "Immigration status (local)",
    [("british", "British or Irish citizen"), ("settled", "Settled status or indefinite leave to remain"),
     ("pre_settled", "Pre-settled status"), ("limited_leave", "Limited leave to remain"),
     ("refugee", "Refugee status or humanitarian protection"), ("asylum_pending", "Asylum claim awaiting decision"),
     ("uasc", "Unaccompanied asylum-seeking child"), ("no_leave", "No leave (status to be resolved)"),
     ("not_known", "Not known")],
)

DETAIL_CHANGE_KIND = simple(
    "Kind of change to a person's details (local)",
    [("correction", "Correction: the old value was always wrong"),
     ("from_date", "Change from a date: the old value was right until then")],
)

ALERT = simple(
    "Alert (local)",
    [
        ("risk_to_staff", "Risk to staff"),
        ("confidential_address", "Confidential address"),
        ("interpreter", "Interpreter needed"),
        ("marac", "MARAC (high-risk domestic abuse)"),
        ("mappa", "MAPPA (offender management)"),
        ("missing_risk", "At risk of going missing"),
        ("exploitation", "At risk of exploitation"),
        ("medical", "Medical needs"),
        ("other", "Other"),
    ],
)

PERSON_ROLE = simple(
    "Kind of person (local)",
    [("child", "Child or young person"), ("adult", "Adult family member or carer")],
)

# ---- Front door -------------------------------------------------------------------------------

REFERRAL_SOURCE = simple(
    "Referral or contact source",
    [
        ("1A", "Individual – family member, relative or carer"),
        ("1B", "Individual – acquaintance"),
        ("1C", "Individual – self"),
        ("1D", "Individual – other"),
        ("2A", "Schools"),
        ("2B", "Education services"),
        ("3A", "Health – GP"),
        ("3B", "Health – health visitor"),
        ("3C", "Health – school nurse"),
        ("3D", "Health – other primary health services"),
        ("3E", "Health – A&E"),
        ("3F", "Health – other"),
        ("4", "Housing"),
        ("5A", "LA services – social care"),
        ("5B", "LA services – other internal"),
        ("5C", "LA services – another LA's services"),
        ("5D", "LA services – early help"),
        ("6", "Police"),
        ("7", "Other legal agency"),
        ("8", "Other"),
        ("9", "Anonymous"),
        ("10", "Unknown"),
    ],
    dfe_field="ReferralSource",
)

CONTACT_REASON = simple(
    "Reason for contact (local)",
    [
        ("abuse_neglect", "Concern about abuse or neglect"),
        ("domestic_abuse", "Domestic abuse"),
        ("parental_mental_health", "Parental mental health"),
        ("parental_substance_misuse", "Parental substance misuse"),
        ("child_behaviour", "Child's behaviour"),
        ("child_disability", "Child's disability or illness"),
        ("missing", "Child missing"),
        ("exploitation", "Exploitation"),
        ("family_stress", "Family in acute stress"),
        ("housing", "Housing or financial difficulty"),
        ("unaccompanied", "Unaccompanied child"),
        ("pre_birth", "Pre-birth concern"),
        ("other", "Other"),
    ],
)

MEETING_KIND = simple(
    "Kind of meeting booked (local)",
    [("strategy", "Strategy discussion"), ("initial_conference", "Initial child protection conference"),
     ("review_conference", "Review child protection conference"), ("lac_review", "Looked-after review")],
)

PRE_PROCEEDINGS_OUTCOME = simple(
    "Outcome of pre-proceedings (local; DfE's PPOutcome codes A/B/C are reached only through the authority's mapping)",
    [("issue", "Decision to issue care proceedings"), ("step_down", "Decision to step down"),
     ("extended", "Pre-proceedings extended")],
)

HEARING_KIND = simple(
    "Court hearing (local)",
    [("first", "First hearing"), ("cmh", "Case management hearing"), ("irh", "Issues resolution hearing"),
     ("final", "Final hearing"), ("other", "Other hearing")],
)

KINSHIP_ARRANGEMENT = simple(
    "Kinship arrangement (local)",
    [("informal", "Informal arrangement with family or friends"),
     ("connected_person", "Connected person temporarily approved as a foster carer (CPPCR reg 24)"),
     ("sgo_support", "Special guardian: support plan"), ("cao_support", "Child arrangements order carer: support")],
)

MEETING_RECORDED_KIND = simple(
    "Meeting recorded (local)",
    [("strategy", "Strategy discussion"), ("initial_conference", "Initial child protection conference"),
     ("review_conference", "Review child protection conference"), ("core_group", "Core group"),
     ("lac_review", "Looked-after review"), ("cin_review", "Child in need review")],
)

MEETING_AGENCY = simple(
    "Agency at a meeting (local)",
    [("social_care", "Children's social care"), ("police", "Police"), ("health", "Health"), ("education", "School or education"),
     ("probation", "Probation"), ("housing", "Housing"), ("adult_services", "Adult services"), ("legal", "Legal services"),
     ("family", "Family"), ("child", "The child"), ("advocate", "Advocate"), ("other", "Other")],
)

ATTENDANCE = simple(
    "Attendance at a meeting (local)",
    [("attended", "Attended"), ("apologies", "Sent apologies"), ("report_only", "Sent a report, did not attend"),
     ("absent", "Did not attend")],
)

CHILD_PARTICIPATION = simple(
    "How the child took part in a meeting (local)",
    [("attended", "Attended and spoke for themselves"), ("advocate", "Views given through an advocate"),
     ("written", "Views given in writing or another way"), ("none", "Did not take part"),
     ("too_young", "Too young or unable to take part")],
)

PARENT_PARTICIPATION = simple(
    "How parents took part in a meeting (local)",
    [("attended", "Attended"), ("part", "Attended part of it"), ("views", "Gave their views but did not attend"),
     ("none", "Did not take part"), ("excluded", "Excluded by the chair (reason in the minutes)")],
)

CHECKED_AGENCY = simple(
    "Agency checked before a front door decision (local)",
    [("police", "Police"), ("health", "Health"), ("school", "School or education"), ("other", "Other agency")],
)

CONTACT_OUTCOME = simple(
    "Contact outcome (local)",
    [
        ("referral", "Progress to referral (children's social care)"),
        ("early_help", "Step down to early help"),
        ("advice", "Information and advice"),
        ("signpost", "Signpost to another agency"),
        ("nfa", "No further action"),
    ],
)

CONSENT = simple(
    "Consent to share information (local)",
    [("given", "Given"), ("refused", "Refused"), ("not_sought", "Not sought")],
)

EARLY_HELP_OUTCOME = simple(
    "Early help outcome (local)",
    [
        ("needs_met", "Needs met"),
        ("stepped_up", "Stepped up to children's social care"),
        ("disengaged", "Family disengaged"),
        ("moved", "Moved away"),
        ("other", "Other"),
    ],
)

# ---- Children in need --------------------------------------------------------------------------

PRIMARY_NEED = simple(
    "Primary need",
    [
        ("N1", "Abuse or neglect"),
        ("N2", "Child's disability or illness"),
        ("N3", "Parental disability or illness"),
        ("N4", "Family in acute stress"),
        ("N5", "Family dysfunction"),
        ("N6", "Socially unacceptable behaviour"),
        ("N7", "Low income"),
        ("N8", "Absent parenting"),
        ("N9", "Cases other than children in need"),
        ("N0", "Not stated"),
    ],
    dfe_field="PrimaryNeedCode / CIN (SSDA903: N1–N8 only)",
)

REASON_FOR_CLOSURE = simple(
    "Reason for closure of a CIN episode",
    [
        ("RC1", "Adopted"),
        ("RC2", "Died"),
        ("RC3", "Child arrangements order"),
        ("RC4", "Special guardianship order"),
        ("RC5", "Transferred to another local authority"),
        ("RC6", "Transferred to adult social care"),
        ("RC7", "Services ceased for any other reason"),
        ("RC8", "Closed after assessment, no further action"),
        ("RC9", "Closed after assessment, referred to early help"),
    ],
    dfe_field="ReasonForClosure",
)

CATEGORY_OF_ABUSE = simple(
    "Category of abuse",
    [("NEG", "Neglect"), ("PHY", "Physical abuse"), ("SAB", "Sexual abuse"), ("EMO", "Emotional abuse"), ("MUL", "Multiple")],
    dfe_field="InitialCategoryOfAbuse / LatestCategoryOfAbuse",
)

_factor_pairs = [
    ("1A", "Alcohol misuse – child"), ("1B", "Alcohol misuse – parent or carer"), ("1C", "Alcohol misuse – other person"),
    ("2A", "Drug misuse – child"), ("2B", "Drug misuse – parent or carer"), ("2C", "Drug misuse – other person"),
    ("3A", "Domestic abuse – child"), ("3B", "Domestic abuse – parent or carer"), ("3C", "Domestic abuse – other person"),
    ("4A", "Mental health – child"), ("4B", "Mental health – parent or carer"), ("4C", "Mental health – other person"),
    ("5A", "Learning disability – child"), ("5B", "Learning disability – parent or carer"),
    ("5C", "Learning disability – other person"),
    ("6A", "Physical disability or illness – child"), ("6B", "Physical disability or illness – parent or carer"),
    ("6C", "Physical disability or illness – other person"),
    ("7A", "Young carer"),
    ("8B", "Privately fostered – overseas child intending to return"),
    ("8C", "Privately fostered – overseas child intending to stay"),
    ("8D", "Privately fostered – UK child in educational placement"),
    ("8E", "Privately fostered – UK child, alternative family arrangement"),
    ("8F", "Privately fostered – other"),
    ("9A", "Unaccompanied asylum-seeking child"),
    ("10A", "Going or being missing"),
    ("11A", "Child sexual exploitation"),
    ("12A", "Trafficking"),
    ("13A", "Gangs"),
    ("14A", "Socially unacceptable behaviour"),
    ("15A", "Self-harm"),
    ("16A", "Neglect"),
    ("17A", "Emotional abuse"),
    ("18B", "Physical abuse by another child"), ("18C", "Physical abuse by an adult"),
    ("19B", "Sexual abuse by another child"), ("19C", "Sexual abuse by an adult"),
    ("20", "Other"),
    ("21", "No factors identified"),
    ("22A", "Female genital mutilation"),
    ("23A", "Abuse linked to faith or belief"),
    ("24A", "Child criminal exploitation"),
]
ASSESSMENT_FACTOR = CodeList(
    "Factors identified at assessment",
    [Code(c, label) for c, label in _factor_pairs]
    + [
        Code("18A", "Physical abuse (retired: use 18B or 18C)", last_year=2024),
        Code("19A", "Sexual abuse (retired: use 19B or 19C)", last_year=2024),
    ],
    dfe_field="AssessmentFactors",
)

ASSESSMENT_OUTCOME = simple(
    "Assessment outcome (local; Annex A list 4 'requiring support')",
    [
        ("nfa", "No further action"),
        ("early_help", "Step down to early help"),
        ("cin_plan", "Child in need plan / services"),
        ("strategy", "Strategy discussion"),
        ("looked_after", "Request to become looked after"),
        ("legal", "Legal action"),
        ("private_fostering", "Private fostering arrangements"),
        ("other_agency", "Refer to another agency"),
    ],
)

S47_CONCERNS = simple(
    "Whether a section 47 enquiry substantiated the concerns (local)",
    [("substantiated", "Concerns substantiated"), ("partly", "Concerns partly substantiated"),
     ("not_substantiated", "Concerns not substantiated")],
)

S47_OUTCOME = simple(
    "Section 47 outcome (local)",
    [
        ("nfa", "No further action"),
        ("continue_cin", "Continue assessment / child in need"),
        ("icpc", "Convene an initial child protection conference"),
        ("legal", "Legal action"),
    ],
)

CONFERENCE_TYPE = simple(
    "Child protection conference type (local)",
    [("initial", "Initial"), ("review", "Review"), ("transfer_in", "Transfer-in")],
)

CONFERENCE_OUTCOME = simple(
    "Conference outcome (local)",
    [("plan", "Child protection plan"), ("no_plan", "No plan; child in need"), ("continue", "Plan continues"),
     ("end", "Plan ends")],
)

LEGAL_ORDER = simple(
    "Legal orders (local)",
    [
        ("police_protection", "Police protection (s46)"),
        ("epo", "Emergency protection order (s44)"),
        ("cao_assessment", "Child assessment order (s43)"),
        ("interim_care", "Interim care order (s38)"),
        ("care", "Care order (s31)"),
        ("interim_supervision", "Interim supervision order (s38)"),
        ("supervision", "Supervision order (s31)"),
        ("placement", "Placement order (ACA 2002 s21)"),
        ("sgo", "Special guardianship order (s14A)"),
        ("cao", "Child arrangements order (s8)"),
        ("adoption", "Adoption order"),
        ("secure", "Secure accommodation order (s25)"),
        ("dolo", "Deprivation of liberty order (inherent jurisdiction)"),
    ],
)

# ---- Looked after -----------------------------------------------------------------------------

LEGAL_STATUS = simple(
    "Legal status",
    [
        ("C1", "Interim care order"),
        ("C2", "Full care order"),
        ("D1", "Freeing order granted"),
        ("E1", "Placement order granted"),
        ("V2", "Single period of accommodation under section 20"),
        ("V3", "Accommodated under an agreed series of short-term breaks, when individual episodes are recorded"),
        ("V4", "Accommodated under an agreed series of short-term breaks, when agreements are recorded"),
        ("L1", "Under police protection and in local authority accommodation"),
        ("L2", "Emergency protection order"),
        ("L3", "Under child assessment order and in local authority accommodation"),
        ("J1", "Remanded to local authority accommodation or youth detention accommodation"),
        ("J2", "Placed in local authority accommodation under PACE 1984"),
        ("J3", "Sentenced to youth rehabilitation order with residence or fostering requirement"),
    ],
    dfe_field="LS",
)

REASON_NEW_EPISODE = simple(
    "Reason for new episode",
    [
        ("S", "Started to be looked after"),
        ("L", "Change of legal status only"),
        ("P", "Change of placement and carer(s) only"),
        ("T", "Change of placement only, same carer(s)"),
        ("B", "Change of legal status and placement and carer(s) at the same time"),
        ("U", "Change of legal status and placement, same carer(s)"),
    ],
    dfe_field="RNE",
)

PLACEMENT_TYPE = CodeList(
    "Placement type",
    [
        Code("A3", "Placed for adoption with consent with current foster carer(s)"),
        Code("A4", "Placed for adoption with consent not with current foster carer(s)"),
        Code("A5", "Placed for adoption with placement order with current foster carer(s)"),
        Code("A6", "Placed for adoption with placement order not with current foster carer(s)"),
        Code("H5", "Semi-independent living accommodation not subject to children's homes regulations", last_year=2024),
        Code("K1", "Secure children's home"),
        Code("K2", "Children's home subject to Children's Homes Regulations"),
        Code("K3", "Supported accommodation (Ofsted-registered, 16–17)", first_year=2025),
        Code("P1", "Placed with own parent(s) or other person(s) with parental responsibility"),
        Code("P2", "Independent living", last_year=2024),
        Code("P3", "Residential employment"),
        Code("R1", "Residential care home"),
        Code("R2", "NHS/health trust or other medical/nursing establishment"),
        Code("R3", "Family centre or mother and baby unit"),
        Code("R5", "Young offender institution"),
        Code("S1", "Residential school not dual-registered as a children's home"),
        Code("T0", "Temporary move of any kind"),
        Code("T1", "Temporary period in hospital"),
        Code("T2", "Temporary absence on holiday"),
        Code("T3", "Temporary accommodation while foster carer on holiday"),
        Code("T4", "Other temporary accommodation of seven days or less"),
        Code("U1", "Foster placement with relative or friend – long term"),
        Code("U2", "Foster placement with relative or friend who is also an approved adopter (FFA/concurrent)"),
        Code("U3", "Foster placement with relative or friend – other"),
        Code("U4", "Foster placement with other foster carer – long term"),
        Code("U5", "Foster placement with other foster carer who is also an approved adopter (FFA/concurrent)"),
        Code("U6", "Foster placement with other foster carer – other"),
        Code("Z1", "Other placements", last_year=2025),
        Code("Z11", "Other placement Z11 (DfE's meaning not yet established)", first_year=2026),
        Code("Z12", "Other placement Z12 (DfE's meaning not yet established)", first_year=2026),
        Code("Z13", "Other placement Z13 (DfE's meaning not yet established)", first_year=2026),
        Code("Z14", "Other placement Z14 (DfE's meaning not yet established)", first_year=2026),
    ],
    dfe_field="PLACE (XML PL)",
)

# Placed for adoption (SSDA903 PLACE): the placement of a child whose record adoption law protects.
PLACED_FOR_ADOPTION = ("A3", "A4", "A5", "A6")
# Temporary placements (SSDA903 PLACE T0–T4): short moves that do not end the placement they interrupt.
TEMPORARY_PLACEMENTS = ("T0", "T1", "T2", "T3", "T4")
# "Other placements" as DfE splits Z1 from 2025/26 (Z11–Z14; their meanings are not yet established).
# Z1 split into Z11-Z14 from 2025/26; what each means is NOT ESTABLISHED (shared/domain/year-2026-27.md
# §3.3), so their labels say only that. Z1 stays readable in the years it was valid.
OTHER_PLACEMENTS = ("Z11", "Z12", "Z13", "Z14")

PLACEMENT_PROVIDER = simple(
    "Placement provider",
    [
        ("PR0", "Parent(s) or other person(s) with parental responsibility"),
        ("PR1", "Own local authority"),
        ("PR2", "Other local authority"),
        ("PR3", "Other public provision"),
        ("PR4", "Private provision"),
        ("PR5", "Voluntary/third sector provision"),
    ],
    dfe_field="PLACE_PROVIDER",
)

# SSDA903 URN for a placement not registered with Ofsted under its own number (CQC/ISI-inspected,
# or a regional adoption agency): seven capital X's, as the DfE specifies.
URN_NOT_OFSTED_REGISTERED = "X" * 7

REASON_PLACE_CHANGE = simple(
    "Reason for placement change",
    [
        ("CARPL", "Change to or implementation of care plan"),
        ("CLOSE", "Carer resigned or provision closed"),
        ("ALLEG", "Section 47 allegation"),
        ("STAND", "Standards of care concern"),
        ("APPRR", "Approval or registration removed"),
        ("CREQB", "Carer requested end due to child's behaviour"),
        ("CREQO", "Carer requested end for other reasons"),
        ("CHILD", "Child requested move"),
        ("LAREQ", "Responsible or area authority requested end"),
        ("PLACE", "Change of placement status only"),
        ("CUSTOD", "Custody"),
        ("OTHER", "Other"),
    ],
    dfe_field="REASON_PLACE_CHANGE",
)

REASON_EPISODE_CEASED = simple(
    "Reason episode ceased / reason left care",
    [
        ("X1", "Episode ceases, new episode begins on the same day"),
        ("E11", "Adopted – application unopposed"),
        ("E12", "Adopted – consent dispensed with"),
        ("E2", "Died"),
        ("E3", "Care taken over by another local authority"),
        ("E4A", "Returned home to parents or relatives with parental responsibility, as planned"),
        ("E4B", "Returned home to parents or relatives with parental responsibility, not as planned"),
        ("E13", "Left to live with parent, relative or other person without parental responsibility"),
        ("E41", "Child arrangements order (lives with)"),
        ("E45", "Special guardianship order to former foster carer who is a relative or friend"),
        ("E46", "Special guardianship order to former foster carer, not a relative or friend"),
        ("E47", "Special guardianship order to carer who is a relative or friend"),
        ("E48", "Special guardianship order to carer, not a relative or friend"),
        ("E5", "Moved into independent living with formal support"),
        ("E6", "Moved into independent living without formal support"),
        ("E7", "Transferred to residential care funded by adult social care"),
        ("E9", "Sentenced to custody"),
        ("E14", "Accommodation on remand ended"),
        ("E15", "Age assessment found the young person to be 18 or over"),
        ("E16", "Moved abroad"),
        ("E17", "Aged 18 or over and remained with current carers"),
        ("E8", "Period of care ceased for any other reason"),
    ],
    dfe_field="REC",
)

REVIEW_PARTICIPATION = simple(
    "Participation in looked-after review",
    [
        ("PN0", "Child aged under 4 at the time of the review"),
        ("PN1", "Child physically attends and speaks for themselves"),
        ("PN2", "Child physically attends; an advocate speaks on their behalf"),
        ("PN3", "Child attends and conveys views symbolically (non-verbally)"),
        ("PN4", "Child physically attends but does not speak for themselves or convey views"),
        ("PN5", "Child does not attend but briefs an advocate to speak for them"),
        ("PN6", "Child does not attend but conveys feelings by another method"),
        ("PN7", "Child does not attend nor convey views"),
    ],
    dfe_field="REVIEW_CODE",
)

MISSING_TYPE = simple(
    "Missing or away",
    [("M", "Missing (whereabouts unknown)"), ("A", "Away from placement without authorisation")],
    dfe_field="MISSING",
)

SDQ_REASON = simple(
    "Reason no SDQ",
    [
        ("SDQ1", "Child aged under 4 or over 17 at the date of the latest assessment"),
        ("SDQ2", "Carer refused to complete the questionnaire"),
        ("SDQ3", "Child's severity of disability prevented completion"),
        ("SDQ4", "Other"),
        ("SDQ5", "Child or young person refused"),
    ],
    dfe_field="SDQ_REASON",
)

HEALTH_ASSESSMENT_TYPE = simple(
    "Health assessment (local)",
    [("initial", "Initial health assessment"), ("review", "Review health assessment"),
     ("development", "Health and development check (under 5)")],
)

PERMANENCE_PLAN = simple(
    "Permanence plan (Ofsted Annex A list 8)",
    [
        ("return_home", "Return to family"),
        ("adoption", "Adoption"),
        ("sgo_cao", "Special guardianship or child arrangements order"),
        ("supported_living", "Supported living in the community"),
        ("residential", "Long-term residential placement"),
        ("long_term_fostering", "Long-term fostering"),
        ("other", "Other"),
    ],
)

# ---- Adoption --------------------------------------------------------------------------------

REASON_PLACED_CEASED = simple(
    "Reason no longer to be placed for adoption",
    [
        ("RD1", "The child's needs changed"),
        ("RD2", "The court did not make a placement order"),
        ("RD3", "Prospective adopters could not be found"),
        ("RD4", "Any other reason"),
    ],
    dfe_field="REASON_PLACED_CEASED",
)
SEX_ADOPTER = simple(
    "Sex of adopter(s)",
    [("M1", "Single male"), ("F1", "Single female"), ("MM", "Male couple"), ("FF", "Female couple"),
     ("MF", "Mixed-sex couple")],
    dfe_field="SEX_ADOPTR",
)
LEGAL_STATUS_ADOPTER = simple(
    "Legal status of adopter(s)",
    [
        ("L0", "Single"),
        ("L11", "Married couple, different sex"),
        ("L12", "Married couple, same sex"),
        ("L2", "Civil partners"),
        ("L3", "Unmarried couple, different sex"),
        ("L4", "Unmarried couple, same sex"),
    ],
    dfe_field="LS_ADOPTR",
)
PREVIOUS_PERMANENCE = simple(
    "Previous permanence",
    [("P1", "Adoption"), ("P2", "Special guardianship order"), ("P3", "Child arrangements order (lives with)"),
     ("P4", "Unknown"), ("Z1", "No previous permanence order")],
    dfe_field="PREV_PERM",
)

# ---- Care leavers ----------------------------------------------------------------------------

CARE_LEAVER_IN_TOUCH = simple(
    "Care leaver in touch",
    [
        ("YES", "In touch"),
        ("NO", "Not in touch"),
        ("DIED", "Died"),
        ("REFU", "Young person refuses contact"),
        ("NREQ", "No longer requires services"),
        ("RHOM", "Returned home to parents for 6+ months"),
    ],
    dfe_field="IN_TOUCH",
)
CARE_LEAVER_ACTIVITY = simple(
    "Care leaver main activity",
    [
        ("F1", "Full-time higher education"),
        ("P1", "Part-time higher education"),
        ("F2", "Full-time other education"),
        ("P2", "Part-time other education"),
        ("F4", "Full-time apprenticeship"),
        ("P4", "Part-time apprenticeship"),
        ("F5", "Full-time training or employment"),
        ("P5", "Part-time training or employment"),
        ("G4", "Not in education, employment or training – illness or disability"),
        ("G5", "Not in education, employment or training – other"),
        ("G6", "Not in education, employment or training – pregnancy or parenting"),
        ("F3", "Full-time training or employment (superseded by F4/F5)"),
        ("P3", "Part-time training or employment (superseded by P4/P5)"),
        ("0", "Not applicable"),
    ],
    dfe_field="ACTIV",
)
_accom_letters = [
    ("B", "Parents or relatives"), ("C", "Community home or other residential care"),
    ("D", "Semi-independent, transitional or self-contained with support"), ("E", "Supported lodgings"),
    ("G", "Gone abroad"), ("H", "Deported"), ("K", "Ordinary lodgings"), ("R", "Residence not known"),
    ("S", "No fixed abode or homeless"), ("T", "Foyer or similar"), ("U", "Independent living"),
    ("V", "Emergency accommodation"), ("W", "Bed and breakfast"), ("X", "In custody"), ("Y", "Other"),
    ("Z", "With former foster carer(s)"),
]
CARE_LEAVER_ACCOMMODATION = CodeList(
    "Care leaver accommodation and suitability",
    [
        Code(f"{letter}{digit}", f"{label} – {'suitable' if digit == '1' else 'unsuitable'}")
        for letter, label in _accom_letters
        for digit in ("1", "2")
        if not (letter in "SX" and digit == "1")
    ]
    + [Code("0", "Not applicable")],
    dfe_field="ACCOM",
)
CARE_LEAVER_CATEGORY = simple(
    "Care leaver eligibility (Annex A list 9)",
    [("eligible", "Eligible child"), ("relevant", "Relevant child"), ("former_relevant", "Former relevant child"),
     ("qualifying", "Qualifying care leaver")],
)

SW_REASON = simple(
    "Reason social worker changed",
    [
        ("MANAGE", "Caseload management"),
        ("FCONTA", "First contact or re-referral"),
        ("LEFTRL", "Previous worker left the role"),
        ("ORGRST", "Restructure"),
        ("TSPROC", "Transfer under standard process"),
        ("ABSENC", "Absence cover or return"),
        ("CHCHAN", "Child asked for change"),
        ("PCCHAN", "Parent or carer asked for change"),
        ("SWDIED", "Previous worker died"),
        ("OTHERS", "Other"),
    ],
    dfe_field="SW_REASON",
)

# ---- Recording ------------------------------------------------------------------------------

DOCUMENT_KIND = simple(
    "Kind of document (local)",
    [("report", "Report from another agency"), ("assessment", "Assessment or plan"), ("court", "Court document"),
     ("correspondence", "Letter or email received"), ("letter", "Letter sent"), ("photo", "Photograph or image"),
     ("minutes", "Meeting minutes"), ("consent", "Consent or agreement"), ("identity", "Identity or legal document"),
     ("other", "Other")],
)

LETTER_SENT_HOW = simple(
    "How a letter was sent (local)",
    [("post", "Post"), ("hand", "By hand"), ("email", "Email (secure)"), ("not_sent", "Not sent yet")],
)

# The kinds of note business support record (administration, not practice).
ADMINISTRATIVE_NOTE_TYPES = ("administrative", "phone", "email", "other")

CASE_NOTE_TYPE = simple(
    "Case note type (local)",
    [
        ("visit", "Visit"),
        ("phone", "Telephone call"),
        ("meeting", "Meeting"),
        ("direct_work", "Direct work with the child"),
        ("management", "Management oversight"),
        ("multi_agency", "Information from another agency"),
        ("email", "Email or letter"),
        ("administrative", "Administrative (arrangements, bookings, correspondence logged)"),
        ("legal", "Legal advice (privileged)"),
        ("other", "Other"),
    ],
)

VISIT_TYPE = simple(
    "Statutory visit (local)",
    [("cin", "Child in need visit"), ("cp", "Child protection visit"), ("cla", "Looked-after child visit"),
     ("care_leaver", "Care leaver contact"), ("private_fostering", "Private fostering visit"),
     ("iro", "Independent reviewing officer contact")],
)

class AllocationKind(TextChoices):
    """Who a child is allocated to, besides the team (local; the code never compares the words)."""

    SOCIAL_WORKER = "social_worker", "Allocated social worker"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    IRO = "iro", "Independent reviewing officer"
    LEAD_PRACTITIONER = "lead_practitioner", "Family Help lead practitioner"


ALLOCATION_KIND = simple("Allocation (local)", [(kind.value, kind.label) for kind in AllocationKind])

ALL = {
    name: value
    for name, value in globals().items()
    if isinstance(value, CodeList)
}


def _ranges(*parts: str) -> frozenset[str]:
    codes: set[str] = set()
    for part in parts:
        first, _, last = part.partition("-")
        codes.update(f"{n:03d}" for n in range(int(first), int(last or first) + 1))
    return frozenset(codes)


# DfE LA codes (post-April 1998 LAs and recognised pseudo-LA codes) accepted in characters 2–4 of a
# UPN (CIN rule 1530, list as of 2023/24).
UPN_LA_CODES = _ranges(
    "001-005", "201-213", "301-320", "330-336", "340-344", "350-359", "370-373", "380-384", "390-394", "420",
    "660-681", "701-708", "800-803", "805-808", "810-813", "815", "816", "820-823", "825", "826", "830", "831",
    "835-837", "838-839", "840", "841", "845", "846", "850-852", "855-857", "860", "861", "865-896", "908", "909",
    "916", "919", "921", "925", "926", "928", "929", "931", "933", "935-938", "940-941",
)
