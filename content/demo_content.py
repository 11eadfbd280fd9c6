"""Every word of the Upstander demo site, as plain data.

This module is the contract between the people who write the demo words and ``seed_demo``, which
builds pages from it (the shape is described in the project's demo-content schema). It imports
nothing, so it can be read, linted and tested without Django.

Conventions, so that the builder and the tests can rely on them:
- Rich text values are small HTML strings using only <p>, <a href>, <strong>, <em>, <ul>, <ol>, <li>.
- Internal links are written href="/<slug>/" and only to slugs defined in this module; the builder
  resolves them to the page that owns the slug.
- Plain-text values (steps, tips, warnings, do/don't items) contain no HTML.
- A helpline with no phone number (CEOP, Report Remove) has ``phone == ""``; one with no website
  of its own (999, 101, 111) has ``url == ""``. Helplines carry one key beyond the schema,
  ``text_number`` (matching the Helpline snippet's field): Shout is text-only, so its ``phone`` is
  empty and ``text_number`` is 85258, which its description also says.
- UK English throughout. Pupils' pages use short sentences and "you"; adults' pages plain prose.
- Mentors are pseudonyms with a year group only: never a surname, never a photo.
"""

AUDIENCES = ["pupils", "parents", "staff"]

AGE_BANDS = ["7-11", "11-16", "16+"]

ALL_AGES = ["7-11", "11-16", "16+"]
SECONDARY = ["11-16", "16+"]

TOPICS = [
    {
        "slug": "cyberbullying",
        "name": "Cyberbullying",
        "sensitive": False,
        "description": "When someone uses messages, posts, games or apps to hurt, scare or leave someone out, again and again. What it looks like and what you can do.",
    },
    {
        "slug": "privacy-and-digital-footprint",
        "name": "Privacy and digital footprint",
        "sensitive": False,
        "description": "Who can see what you share, how to keep your account and your location private, and the trail you leave online.",
    },
    {
        "slug": "social-media",
        "name": "Social media",
        "sensitive": False,
        "description": "Snapchat, Instagram, TikTok, WhatsApp and the rest: settings, group chats, and what to do when things go wrong.",
    },
    {
        "slug": "gaming",
        "name": "Gaming",
        "sensitive": False,
        "description": "Playing online with friends and strangers: voice chat, age ratings, scams, and blocking and reporting players.",
    },
    {
        "slug": "sharing-images",
        "name": "Sharing images",
        "sensitive": False,
        "description": "Photos, videos and nudes: what the law says, what to do if a picture gets shared, and how to get it taken down.",
    },
    {
        "slug": "people-you-meet-online",
        "name": "People you meet online",
        "sensitive": False,
        "description": "Online friends, strangers, and people who are not who they say they are. The warning signs and who can help.",
    },
    {
        "slug": "wellbeing",
        "name": "Wellbeing",
        "sensitive": False,
        "description": "Looking after how you feel: sleep, screen time, comparing yourself to others, and taking a break.",
    },
    {
        "slug": "self-harm-and-suicide",
        "name": "Self-harm and suicide",
        "sensitive": True,
        "description": "Where to get help straight away if you are struggling, or worried about someone else. Every page on this topic is checked by a safeguarding lead.",
    },
    {
        "slug": "reporting-and-keeping-evidence",
        "name": "Reporting and keeping evidence",
        "sensitive": False,
        "description": "How to tell an app, the school or the police, and how to save screenshots that show what happened.",
    },
    {
        "slug": "being-a-bystander",
        "name": "Being a bystander",
        "sensitive": False,
        "description": "When you see something unkind happen to someone else: safe ways to help and to stop it spreading.",
    },
    {
        "slug": "safeguarding-practice",
        "name": "Safeguarding practice",
        "sensitive": False,
        "description": "For staff: professional conduct online, responding to disclosures, recording concerns and working with the safeguarding team.",
    },
]

HELPLINES = [
    {
        "name": "Emergency services",
        "phone": "999",
        "text_number": "",
        "url": "",
        "hours": "Any time, day or night",
        "description": "Call 999 if someone is in danger right now, has been badly hurt, or might be about to hurt themselves or someone else. If you cannot speak, stay on the line and follow what the operator says; on a mobile you may be asked to press 55 so they know the call is real.",
        "for": ["pupils", "parents", "staff"],
        "emergency": True,
    },
    {
        "name": "Childline",
        "phone": "0800 1111",
        "text_number": "",
        "url": "https://www.childline.org.uk",
        "hours": "Any time, day or night",
        "description": "Free and confidential for anyone under 19 in the UK. Talk to a counsellor on the phone or in a 1-to-1 chat online, about anything at all. The call does not show on your phone bill.",
        "for": ["pupils"],
        "emergency": False,
    },
    {
        "name": "NSPCC Helpline",
        "phone": "0808 800 5000",
        "text_number": "",
        "url": "https://www.nspcc.org.uk",
        "hours": "See the NSPCC website for current opening hours",
        "description": "For adults who are worried about a child, including worries about online abuse, grooming or bullying. You can talk it through with a practitioner without giving your name, and they can pass serious concerns on to the police or children's services.",
        "for": ["parents", "staff"],
        "emergency": False,
    },
    {
        "name": "Police (non-emergency)",
        "phone": "101",
        "text_number": "",
        "url": "",
        "hours": "Any time, day or night",
        "description": "Call 101 to report a crime that is not an emergency, for example threats, someone sharing a nude picture of a person under 18, or harassment that will not stop. In an emergency always call 999 instead.",
        "for": ["pupils", "parents", "staff"],
        "emergency": False,
    },
    {
        "name": "CEOP (Child Exploitation and Online Protection)",
        "phone": "",
        "text_number": "",
        "url": "https://www.ceop.police.uk/Safety-Centre/",
        "hours": "Make a report online at any time",
        "description": "Part of the National Crime Agency. Report it to CEOP if someone online is asking you for sexual pictures, talking to you about sex, trying to meet you, or threatening to share pictures of you. A CEOP report is not anonymous: you give your details so a child protection adviser can contact you and help. If you are in danger right now, call 999.",
        "for": ["pupils", "parents", "staff"],
        "emergency": False,
    },
    {
        "name": "Report Remove (Childline and the Internet Watch Foundation)",
        "phone": "",
        "text_number": "",
        "url": "https://www.childline.org.uk",
        "hours": "Use the online tool at any time",
        "description": "If you are under 18 and a nude or sexual picture or video of you is online, or you are worried it might be shared, Report Remove helps get it taken down. Find it by searching for Report Remove on the Childline website. You do not have to give your name, and Childline can support you while the Internet Watch Foundation works to remove it.",
        "for": ["pupils", "parents", "staff"],
        "emergency": False,
    },
    {
        "name": "Samaritans",
        "phone": "116 123",
        "text_number": "",
        "url": "https://www.samaritans.org",
        "hours": "Any time, day or night",
        "description": "Free to call from any phone. Someone will listen, without judging you, whatever you are going through, including if you are thinking about suicide.",
        "for": ["pupils", "parents", "staff"],
        "emergency": False,
    },
    {
        "name": "Shout",
        "phone": "",
        "text_number": "85258",
        "url": "https://giveusashout.org",
        "hours": "Any time, day or night",
        "description": "Text the word SHOUT to 85258 to talk by text with a trained volunteer. It is free and confidential, and good if you would rather type than talk.",
        "for": ["pupils", "parents", "staff"],
        "emergency": False,
    },
    {
        "name": "NHS 111",
        "phone": "111",
        "text_number": "",
        "url": "",
        "hours": "Any time, day or night",
        "description": "For urgent medical help or advice when it is not an emergency, including urgent help with your mental health. In an emergency call 999.",
        "for": ["pupils", "parents", "staff"],
        "emergency": False,
    },
    {
        "name": "Professionals Online Safety Helpline (UK Safer Internet Centre)",
        "phone": "",
        "text_number": "",
        "url": "https://saferinternet.org.uk",
        "hours": "See the UK Safer Internet Centre website for opening hours",
        "description": "Advice for people who work with children about online safety issues, including harmful content, getting content removed from platforms and online harassment of staff. Contact details are on the UK Safer Internet Centre website.",
        "for": ["staff"],
        "emergency": False,
    },
]

MENTORS = [
    {
        "display_name": "Sky",
        "year_group": 10,
        "bio": "Sky has been a mentor since Year 8 and runs the Tuesday lunchtime drop-in for Year 7. Sky likes drawing comics and sorting out other people's privacy settings.",
    },
    {
        "display_name": "Jay",
        "year_group": 9,
        "bio": "Jay plays a lot of Minecraft and Roblox and helps younger pupils set up their games safely. Jay thinks the mute button is the most underrated button in gaming.",
    },
    {
        "display_name": "Amara",
        "year_group": 11,
        "bio": "Amara leads the mentors' upstander workshops in form time and helped write the school's online code. She wants every pupil to know that telling someone is never snitching.",
    },
    {
        "display_name": "Theo",
        "year_group": 8,
        "bio": "Theo visits our partner primary schools with the mentor team and helps Year 5 and 6 pupils get ready for secondary school. He still remembers how big Year 7 felt.",
    },
    {
        "display_name": "Robin",
        "year_group": 12,
        "bio": "Robin is in the sixth form, co-hosts the Upstander podcast and mentors pupils who are new to the school. Robin is interested in studying psychology.",
    },
]

HOME = {
    "title": "Upstander",
    "hero_heading": "Safer online, together",
    "hero_text": "Advice written by our pupil mentors and staff, and a safe way to tell the school when something is wrong online. You do not have to give your name.",
    "intro": (
        "<p>Upstander is our school's online safety site. Pupils, parents and carers, and staff "
        "all come here for advice they can trust. Much of it is written by trained pupil "
        "mentors, and every page is checked by staff before it goes live.</p>"
        "<p>If something online is worrying you, you can tell us without giving your name. "
        'If you need help right now, go to <a href="/get-help/">Get help now</a>.</p>'
    ),
}

HUBS = [
    {
        "audience": "pupils",
        "slug": "pupils",
        "title": "For pupils",
        "intro": (
            "<p>Guides, videos and a podcast made by our mentors, who are pupils like you. "
            "Find out how to block and report, keep proof, stay private and look after "
            "yourself and your friends.</p>"
            '<p>Read <a href="/our-online-code/">our online code</a> to see what we have all '
            "agreed to. If something is wrong right now, go to "
            '<a href="/get-help/">Get help now</a>.</p>'
        ),
    },
    {
        "audience": "parents",
        "slug": "parents-and-carers",
        "title": "For parents and carers",
        "intro": (
            "<p>Practical advice for families: how to talk with your child about their life "
            "online, which settings and controls are worth using, and what to do if your child "
            "is being bullied online or is involved in bullying someone else.</p>"
            "<p>You can tell the school about a concern through this site, with or without "
            "giving your name. If a child is in danger, call 999.</p>"
        ),
    },
    {
        "audience": "staff",
        "slug": "staff",
        "title": "For staff",
        "intro": (
            "<p>Guidance for everyone who works at the school: your own conduct online, how "
            "to respond when a pupil tells you something, and how reports made through "
            "Upstander reach the safeguarding team.</p>"
            "<p>This guidance supports, and never replaces, the school's child protection "
            "policy, staff code of conduct and Keeping Children Safe in Education. If in "
            "doubt, speak to the designated safeguarding lead (DSL) the same day.</p>"
        ),
    },
]

# Apps change their menus often, so platform steps are written in durable terms (the person's
# name, the three dots, Block) and every platform guide carries this reminder.
MENUS_CHANGE_TIP = (
    "Apps move their buttons around all the time. If a step here does not match what you see, "
    "look for three dots, a flag, a cog or the word Report. Every app has a Help page: search "
    "it for block or report."
)

GUIDES = [
    # ------------------------------------------------------------------ pupils
    {
        "slug": "block-and-report-on-snapchat-instagram-tiktok",
        "hub": "pupils",
        "title": "How to block and report on Snapchat, Instagram and TikTok",
        "summary": "Blocking stops someone contacting you. Reporting tells the app they broke the rules. Here is how to do both, and the other tools that help.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["cyberbullying", "social-media", "reporting-and-keeping-evidence"],
        "mentor": "Sky",
        "review_months": 6,
        "body": [
            ("heading", "Blocking and reporting are different"),
            (
                "paragraph",
                "<p><strong>Blocking</strong> stops a person messaging you, seeing your posts "
                "or finding your profile. <strong>Reporting</strong> tells the app that someone "
                "has broken its rules. The app can then warn them, take a post down or close "
                "their account.</p>"
                "<p>You can do both. Apps do not tell people who reported them. Blocking is not "
                "completely secret, though: the person might notice that they cannot find you "
                "any more.</p>",
            ),
            (
                "tip",
                "Take screenshots before you block. After you block someone, their messages "
                "may disappear from your screen, and then you have no proof.",
            ),
            (
                "paragraph",
                '<p>Our guide to <a href="/keeping-evidence-with-screenshots/">keeping '
                "evidence with screenshots</a> shows you what to capture.</p>",
            ),
            ("heading", "Snapchat"),
            (
                "steps",
                {
                    "title": "Block or report someone on Snapchat",
                    "items": [
                        "Open your chat with the person.",
                        "Tap their name or Bitmoji at the top to open their profile.",
                        "Tap the three dots.",
                        "Tap Report and choose what happened. Snapchat will ask a few questions.",
                        "Tap the three dots again and tap Block.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>To report a single Snap or Story, press and hold on it and look for "
                "Report. In your settings you can also choose who can contact you and turn "
                "off Quick Add, so strangers are not shown your profile.</p>",
            ),
            ("heading", "Instagram"),
            (
                "steps",
                {
                    "title": "Block or report someone on Instagram",
                    "items": [
                        "Go to the person's profile.",
                        "Tap the three dots in the top corner.",
                        "Tap Report, choose the reason and follow the steps.",
                        "Tap the three dots again and tap Block.",
                        "If Instagram offers to block any new accounts they make too, say yes.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>To report one comment or message, press and hold on it and tap Report. "
                "Instagram also has <strong>Restrict</strong>: the person's comments on your "
                "posts are only shown to them, and you are not told about their messages. It "
                "is useful when blocking might make things worse at school.</p>",
            ),
            ("heading", "TikTok"),
            (
                "steps",
                {
                    "title": "Block or report someone on TikTok",
                    "items": [
                        "Go to the person's profile.",
                        "Tap the share arrow or the three dots at the top.",
                        "Tap Report and follow the steps, or tap Block.",
                        "To report one video, press and hold on it, or tap the share arrow, then tap Report.",
                        "To report a comment, press and hold on the comment and tap Report.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>In TikTok's privacy settings you can make your account private and choose "
                "who can comment, message you, or use your videos in a Duet or Stitch. There "
                "is also a filter that hides comments with words you pick.</p>",
            ),
            ("tip", MENUS_CHANGE_TIP),
            (
                "do_dont",
                {
                    "do": [
                        "Screenshot first, then report, then block.",
                        "Report every post or account, even if you think someone else already has.",
                        "Tell an adult you trust, or tell the school through this site.",
                    ],
                    "dont": [
                        "Reply, even if you really want to. A reply is what they are hoping for.",
                        "Post about it or ask friends to pile on. That can get you in trouble too.",
                        "Delete the messages before an adult has seen them.",
                    ],
                },
            ),
            (
                "quote",
                {
                    "text": "I used to think blocking was rude. Now I think of it like closing your front door. You are allowed to decide who comes in.",
                    "attribution": "Sky, Year 10 mentor",
                },
            ),
            (
                "faq",
                [
                    {
                        "question": "Will they know I reported them?",
                        "answer": "<p>No. Apps keep reports private. If you are worried they "
                        "will guess, tell a trusted adult as well, so someone is keeping an eye "
                        "on things.</p>",
                    },
                    {
                        "question": "They made a new account. What now?",
                        "answer": "<p>Block and report the new account too, and say in the "
                        "report that it belongs to someone you already blocked. Making new "
                        "accounts to get round a block breaks the rules of every big app. It is "
                        "also a good time to tell the school.</p>",
                    },
                    {
                        "question": "I reported it and nothing happened.",
                        "answer": "<p>Apps do not always act, or they take a while. You have "
                        "not done anything wrong. Tell the school through this site or tell an "
                        "adult you trust. If someone is threatening you, the police can help: "
                        "call 101, or 999 if you are in danger. See "
                        '<a href="/get-help/">Get help now</a>.</p>',
                    },
                ],
            ),
            (
                "related_links",
                [
                    {
                        "title": "Childline: online and mobile safety",
                        "url": "https://www.childline.org.uk",
                    },
                    {"title": "UK Safer Internet Centre", "url": "https://saferinternet.org.uk"},
                ],
            ),
        ],
    },
    {
        "slug": "block-and-report-on-whatsapp",
        "hub": "pupils",
        "title": "WhatsApp and group chats: blocking, reporting and leaving",
        "summary": "What to do when a chat turns nasty: how to block and report on WhatsApp, how to leave a group, and how to stop people adding you to groups.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["cyberbullying", "social-media", "reporting-and-keeping-evidence"],
        "mentor": "Amara",
        "review_months": 6,
        "body": [
            ("heading", "Group chats can go wrong fast"),
            (
                "paragraph",
                "<p>A group chat can be the best part of your day. It can also be where "
                "someone gets picked on, left out or has a photo passed around. Because lots "
                "of people see it at once, it can feel huge. You have more control than you "
                "think.</p>",
            ),
            (
                "steps",
                {
                    "title": "Block or report someone on WhatsApp",
                    "items": [
                        "Screenshot the messages first, with the names and times showing.",
                        "Open the chat with the person.",
                        "Tap their name at the top.",
                        "Scroll down and tap Block, or Report.",
                        "To report one message, press and hold on it and look for Report.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>When you report, WhatsApp is sent the most recent messages from that chat "
                "so it can check them. The person is not told who reported them.</p>",
            ),
            (
                "steps",
                {
                    "title": "Leave a group chat",
                    "items": [
                        "Open the group.",
                        "Tap the group name at the top.",
                        "Scroll down and tap Exit group or Leave. You can report the group at the same time.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>In WhatsApp's privacy settings you can choose who is allowed to add you "
                "to groups, for example only people in your contacts. That stops strangers, "
                "or someone you have fallen out with, dragging you into a new group.</p>",
            ),
            (
                "warning",
                "If someone shares a nude or sexual picture of anyone under 18 in a chat, do "
                "not forward it, save it or screenshot it, not even as proof. That is against "
                "the law. Leave the chat and tell a trusted adult straight away.",
            ),
            (
                "paragraph",
                "<p>Messages that disappear, or photos that can only be viewed once, are "
                "hard to prove afterwards. If something worrying arrives that way, tell an "
                "adult while it is still fresh, and write down what you saw and when.</p>",
            ),
            ("tip", MENUS_CHANGE_TIP),
            (
                "do_dont",
                {
                    "do": [
                        "Check on the person being picked on with a private message.",
                        "Leave a group that is being used to hurt someone, and report it.",
                        'Say something like "not funny, leave it" if you feel safe to.',
                    ],
                    "dont": [
                        "Add people to groups without asking them.",
                        "Screenshot private messages to share them and laugh at someone.",
                        "Stay quiet because everyone else is. Tell someone.",
                    ],
                },
            ),
            (
                "faq",
                [
                    {
                        "question": "What is the age limit for WhatsApp?",
                        "answer": "<p>In the UK you need to be at least 13 to use WhatsApp. "
                        "Most big apps have the same limit.</p>",
                    },
                    {
                        "question": "If I leave the group, will it look like I am taking sides?",
                        "answer": "<p>Maybe, and that is all right. Leaving a group that is "
                        "being used to hurt someone is taking the right side. If you are worried "
                        'about the fallout, read <a href="/being-an-upstander/">being an '
                        "upstander</a> for other things you can do.</p>",
                    },
                ],
            ),
            (
                "quote",
                {
                    "text": "Most people in a nasty group chat are not enjoying it. They are just waiting for someone else to go first.",
                    "attribution": "Amara, Year 11 mentor",
                },
            ),
        ],
    },
    {
        "slug": "block-and-report-in-roblox-and-games",
        "hub": "pupils",
        "title": "Blocking, muting and reporting in Roblox and other games",
        "summary": "How to shut out players who are being nasty in Roblox, Fortnite, Minecraft, on Xbox, PlayStation, Nintendo Switch and Discord.",
        "audiences": ["pupils"],
        "age_bands": ["7-11", "11-16"],
        "topics": ["gaming", "cyberbullying", "reporting-and-keeping-evidence"],
        "mentor": "Jay",
        "review_months": 6,
        "body": [
            ("heading", "Three buttons that help"),
            (
                "paragraph",
                "<p><strong>Mute</strong> stops you hearing someone in voice chat or seeing "
                "their chat. <strong>Block</strong> stops them messaging you, joining you or "
                "sending friend requests. <strong>Report</strong> tells the game company what "
                "they did, so it can ban them.</p>"
                "<p>Mute straight away if someone is shouting, swearing or being gross. You can "
                "block and report after the match.</p>",
            ),
            (
                "steps",
                {
                    "title": "Roblox",
                    "items": [
                        "In a game, open the menu (usually the Roblox logo or three lines in the corner).",
                        "Find the player in the list of people in the game.",
                        "Choose Block, or Report to tell Roblox what happened.",
                        "Outside a game, go to the player's profile, tap the three dots and choose Block or Report.",
                    ],
                },
            ),
            (
                "steps",
                {
                    "title": "Fortnite, Minecraft and other games",
                    "items": [
                        "Open the game's menu and find the list of players.",
                        "Pick the player's name.",
                        "Look for Mute, Block or Report.",
                    ],
                },
            ),
            (
                "steps",
                {
                    "title": "Xbox, PlayStation and Nintendo Switch",
                    "items": [
                        "Find the player in your recent players list or your friends list.",
                        "Open their profile.",
                        "Choose Block or Report. Consoles let you report messages and other things players send you.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>On <strong>Discord</strong>, press and hold a name (or right-click it on a "
                "computer) to block someone, and press and hold a message to report it. Discord "
                "is for people aged 13 and over.</p>",
            ),
            ("tip", MENUS_CHANGE_TIP),
            (
                "do_dont",
                {
                    "do": [
                        "Screenshot or save a clip before you leave, if you can.",
                        "Write down the player's username exactly. Display names can change.",
                        "Tell a grown-up if a player asks for pictures, personal details, or to chat on another app.",
                    ],
                    "dont": [
                        "Fight back in chat. You could be the one who gets banned.",
                        "Accept friend requests from players you do not know.",
                        "Give anyone your password, even if they say they will give you free items.",
                    ],
                },
            ),
            (
                "quote",
                {
                    "text": "Mute first, block second, report third. Then go and play something else for a bit.",
                    "attribution": "Jay, Year 9 mentor",
                },
            ),
            (
                "paragraph",
                '<p>More tips in <a href="/gaming-safely/">gaming safely</a>.</p>',
            ),
        ],
    },
    {
        "slug": "keeping-evidence-with-screenshots",
        "hub": "pupils",
        "title": "Keeping evidence: how to take screenshots that help",
        "summary": "Good screenshots help the school, the app or the police to act. Capture who, what, when and where, and keep them safe.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["reporting-and-keeping-evidence", "cyberbullying"],
        "mentor": "Sky",
        "review_months": 12,
        "body": [
            ("heading", "Why evidence matters"),
            (
                "paragraph",
                "<p>Messages get deleted. Stories vanish after a day. Accounts get closed. If "
                "you save proof while you can, it is much easier for an adult to sort things "
                "out. It also means you do not have to remember every word.</p>",
            ),
            ("heading", "Who, what, when, where"),
            (
                "paragraph",
                "<p>A good screenshot shows:</p>"
                "<ul>"
                "<li><strong>Who</strong>: the person's username or phone number, not just a "
                "nickname. Usernames are harder to change.</li>"
                "<li><strong>What</strong>: the message, comment or post itself, and a little "
                "of what came before so it makes sense.</li>"
                "<li><strong>When</strong>: the date and time. Press or tap the message if the "
                "time is hidden.</li>"
                "<li><strong>Where</strong>: which app or game, and the name of the group chat "
                "or the web address.</li>"
                "</ul>",
            ),
            (
                "steps",
                {
                    "title": "Take a screenshot",
                    "items": [
                        "On most Android phones, press the power button and the volume down button at the same time.",
                        "On an iPhone without a Home button, press the side button and the volume up button together.",
                        "On an iPhone with a Home button, press the Home button and the side button together.",
                        "On a Windows computer, press the Windows key, Shift and S together.",
                        "On a Mac, press Shift, Command and 4 together, then drag over what you want.",
                        "Check the picture shows the name, the message and the time.",
                    ],
                },
            ),
            (
                "warning",
                "Never screenshot, save or forward a nude or sexual picture of anyone under 18, "
                "even to prove what happened. That is against the law, even if you are trying to "
                "help. Tell a trusted adult what you saw and where, and let them deal with it.",
            ),
            (
                "tip",
                "Some apps, like Snapchat, tell the other person when you take a screenshot. If "
                "that worries you, ask an adult to help you record it another way, or write down "
                "what it said, who sent it and when.",
            ),
            ("heading", "Keep your evidence safe"),
            (
                "do_dont",
                {
                    "do": [
                        "Put screenshots in their own folder or album so they are easy to find.",
                        "Keep a short diary: the date, what happened and which app.",
                        "Give the screenshots to the school. You can attach them to a report on this site without giving your name.",
                    ],
                    "dont": [
                        "Crop or draw on the screenshot. Keep it as it was.",
                        "Post the screenshots online to shame the person.",
                        "Delete the original messages until an adult says it is fine.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>When you send a screenshot through this site, it is cleaned before it is "
                "stored: hidden details, like where a photo was taken or what phone took it, "
                "are removed. Only the school's safeguarding team, the staff whose job is "
                "keeping pupils safe, can see it.</p>",
            ),
            (
                "quote",
                {
                    "text": "I keep an album called Receipts. I have never needed it twice, but the one time I did, it made all the difference.",
                    "attribution": "Sky, Year 10 mentor",
                },
            ),
        ],
    },
    {
        "slug": "privacy-settings-and-digital-footprint",
        "hub": "pupils",
        "title": "Privacy settings and your digital footprint",
        "summary": "Lock down who can see your posts and where you are, make your passwords strong, and think about the trail you leave online.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["privacy-and-digital-footprint", "social-media"],
        "mentor": "Amara",
        "review_months": 12,
        "body": [
            ("heading", "Your digital footprint"),
            (
                "paragraph",
                "<p>Everything you post, like, comment on and share leaves a trail. That trail "
                "is your <strong>digital footprint</strong>. Even a private post can be "
                "screenshotted and passed on, so once something is online you cannot be sure "
                "where it ends up.</p>"
                "<p>That does not mean you should be scared to post. It means: post things you "
                "would be happy for your family, your teachers or a future employer to see.</p>",
            ),
            ("heading", "Five settings to check today"),
            (
                "steps",
                {
                    "title": "A privacy check-up",
                    "items": [
                        "Make your accounts private, so only people you accept can see your posts.",
                        "Turn off location sharing. On Snapchat, turn on Ghost Mode on the Snap Map.",
                        "Choose who can message you, comment and add you to groups.",
                        "Look through your followers and remove anyone you do not actually know.",
                        "Turn on two-step verification, so a stolen password is not enough to get into your account.",
                    ],
                },
            ),
            ("tip", MENUS_CHANGE_TIP),
            ("heading", "Passwords"),
            (
                "paragraph",
                "<p>Use a different password for each app. A good trick is three random words "
                "stuck together, like <em>kettle-planet-sock</em> (but not that one). Do not "
                "share your password, not even with your best friend. Friends fall out, and a "
                "shared password lets someone post as you.</p>"
                "<p>Log out properly on shared or school computers, and do not tick "
                "<em>remember me</em> on a device other people use.</p>",
            ),
            ("heading", "What your photos give away"),
            (
                "paragraph",
                "<p>Before you post, check the background. A school badge, a street sign, your "
                "house number or a bus stop can tell a stranger where to find you. Posting "
                "where you are right now tells people where you are not, too: at home.</p>",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Search your own name now and then, to see what others can find.",
                        "Keep your accounts separate rather than linking them all together.",
                        "Ask before you post a photo of someone else.",
                    ],
                    "dont": [
                        "Put your full name, school, phone number or address in your bio.",
                        "Post when you are angry. Wait until the morning.",
                        "Assume a disappearing message has really disappeared.",
                    ],
                },
            ),
            (
                "quote",
                {
                    "text": "Private does not mean secret. It just means fewer people can see it in the first place.",
                    "attribution": "Amara, Year 11 mentor",
                },
            ),
            (
                "related_links",
                [
                    {
                        "title": "Internet Matters: privacy and identity",
                        "url": "https://www.internetmatters.org",
                    },
                    {"title": "UK Safer Internet Centre", "url": "https://saferinternet.org.uk"},
                ],
            ),
        ],
    },
    {
        "slug": "being-an-upstander",
        "hub": "pupils",
        "title": "Being an upstander: what to do when you see bullying online",
        "summary": "You do not have to be a hero to help. Small, safe things you can do when you see someone being picked on online.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["being-a-bystander", "cyberbullying"],
        "mentor": "Amara",
        "review_months": 12,
        "body": [
            ("heading", "Bystander or upstander?"),
            (
                "paragraph",
                "<p>A <strong>bystander</strong> sees bullying happen and does nothing. An "
                "<strong>upstander</strong> sees it and does something to help, even something "
                "small.</p>"
                "<p>Online, doing nothing is not quite the same as staying out of it. Every "
                "like, laughing emoji, share or view can make a post spread further and make "
                "the person being targeted feel that everyone is against them.</p>",
            ),
            ("heading", "Safe ways to help"),
            (
                "steps",
                {
                    "title": "Pick one",
                    "items": [
                        "Do not join in. Do not like, share or comment.",
                        'Send the person a private message: "Saw what happened. Are you OK?"',
                        "Report the post or account to the app.",
                        "Screenshot it, if it is not a nude picture, and tell an adult you trust.",
                        "Tell the school through this site. You do not have to give your name.",
                        'If you feel safe, say "not cool" or change the subject in the chat.',
                    ],
                },
            ),
            (
                "paragraph",
                "<p>You do not have to do all of these. Sending one kind message can matter "
                "more than you think. People who are bullied often say the worst part was "
                "feeling that nobody cared.</p>",
            ),
            (
                "warning",
                "Keep yourself safe. Do not send threats or insults back to the person doing "
                "the bullying, and do not post their name or details online. That can make "
                "things worse and get you into trouble.",
            ),
            (
                "faq",
                [
                    {
                        "question": "Isn't telling a teacher snitching?",
                        "answer": "<p>No. Snitching is getting someone into trouble for fun. "
                        "Telling is getting someone out of trouble. If someone is being hurt, "
                        "telling an adult is the right thing to do.</p>",
                    },
                    {
                        "question": "What if it is my friend doing the bullying?",
                        "answer": '<p>That is hard. You could talk to them privately: "That '
                        'went too far, take it down." Friends often listen to each other more '
                        "than to adults. If it carries on, tell an adult.</p>",
                    },
                    {
                        "question": "What if they turn on me?",
                        "answer": "<p>That is why reporting without giving your name is there. "
                        "Use this site, or tell an adult and ask them to keep your name out of "
                        "it when they talk to others.</p>",
                    },
                ],
            ),
            (
                "quote",
                {
                    "text": "When I was in Year 8, one person messaged me to ask if I was OK. I still remember her name. Be that person.",
                    "attribution": "Amara, Year 11 mentor",
                },
            ),
            (
                "paragraph",
                '<p>Listen to the mentors talk about this in <a href="/upstander-podcast-dont-just-scroll-past/">'
                "our podcast</a>, and see what to do if it is "
                '<a href="/when-its-happening-to-a-friend/">happening to a friend</a>.</p>',
            ),
        ],
    },
    {
        "slug": "when-its-happening-to-a-friend",
        "hub": "pupils",
        "title": "When it's happening to a friend",
        "summary": "How to notice a friend is struggling, what to say, and when you need to tell an adult, even if they asked you not to.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["being-a-bystander", "cyberbullying", "wellbeing"],
        "mentor": "Robin",
        "review_months": 12,
        "body": [
            ("heading", "Signs something is wrong"),
            (
                "paragraph",
                "<p>Friends do not always say when something is wrong online. You might "
                "notice that they:</p>"
                "<ul>"
                "<li>jump or go quiet when their phone buzzes</li>"
                "<li>suddenly leave group chats or delete their account</li>"
                "<li>stop wanting to go out, or stop eating lunch with you</li>"
                "<li>seem tired, angry or upset more than usual</li>"
                "</ul>",
            ),
            ("heading", "What to say"),
            (
                "steps",
                {
                    "title": "Starting the conversation",
                    "items": [
                        "Find a quiet moment, just the two of you, or message privately.",
                        'Say what you noticed: "You seem a bit down lately. Is something going on?"',
                        "Listen more than you talk. You do not need to fix it.",
                        "Tell them it is not their fault.",
                        "Offer to go with them to talk to an adult, or to help them report it.",
                    ],
                },
            ),
            ("heading", "Secrets you should not keep"),
            (
                "paragraph",
                '<p>Sometimes a friend will say "promise you won\'t tell". It is fine to keep '
                "most things private. But if your friend is in danger, you must tell an adult, "
                "even if they asked you not to. That includes if:</p>"
                "<ul>"
                "<li>they talk about hurting themselves or ending their life</li>"
                "<li>an adult or older person is asking them for pictures or to meet up</li>"
                "<li>someone is threatening them</li>"
                "<li>a nude picture of them is being shared</li>"
                "</ul>"
                "<p>You are not betraying them. You are getting them help that a friend cannot "
                'give on their own. Our guide on <a href="/self-harm-and-suicide-getting-help/">'
                "getting help with self-harm and suicidal feelings</a> says what to do.</p>",
            ),
            (
                "tip",
                'You could say: "I care about you too much to keep this to myself. Shall we '
                'tell someone together?"',
            ),
            ("heading", "Look after yourself too"),
            (
                "paragraph",
                "<p>Helping a friend can be heavy. It is fine to talk to an adult about how you "
                "are feeling, and you can call Childline on 0800 1111 about a friend as well as "
                "about yourself.</p>",
            ),
            (
                "quote",
                {
                    "text": 'You do not need the perfect words. "I\'m here" is usually enough to start with.',
                    "attribution": "Robin, Year 12 mentor",
                },
            ),
        ],
    },
    {
        "slug": "gaming-safely",
        "hub": "pupils",
        "title": "Gaming safely: voice chat, scams and knowing when to stop",
        "summary": "Keep gaming fun: age ratings, who you talk to, scams for free skins and currency, keeping your account safe and taking breaks.",
        "audiences": ["pupils"],
        "age_bands": ["7-11", "11-16"],
        "topics": ["gaming", "people-you-meet-online", "wellbeing"],
        "mentor": "Jay",
        "review_months": 12,
        "body": [
            ("heading", "Check the age rating"),
            (
                "paragraph",
                "<p>Games sold in the UK have a PEGI age rating: 3, 7, 12, 16 or 18. The "
                "rating is there because of what is in the game, like violence or scary bits. "
                "Online chat is a separate thing: even a game rated 7 can have players of any "
                "age in it.</p>",
            ),
            ("heading", "Who are you talking to?"),
            (
                "paragraph",
                "<p>Lots of people you meet in games are just there to play. But you cannot "
                'see who is behind an avatar. A "kid" in voice chat could be an adult.</p>',
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Keep voice chat to friends or your party when you can.",
                        "Use the mute button as much as you like.",
                        "Tell an adult if a player asks to move to another app, asks for pictures, or offers you gifts.",
                    ],
                    "dont": [
                        "Tell players your real name, school, age or where you live.",
                        "Meet up with someone you only know from a game without a parent or carer knowing and coming along.",
                        "Join in with trash talk that turns into picking on one player.",
                    ],
                },
            ),
            ("heading", "Scams"),
            (
                "paragraph",
                "<p>If something offers free Robux, V-Bucks, skins or coins, it is almost "
                "always a scam. Scammers want your password so they can steal your account and "
                "your items. Only buy things inside the game or the official store, and never "
                "type your password into a website a stranger sent you.</p>",
            ),
            (
                "steps",
                {
                    "title": "Protect your account",
                    "items": [
                        "Use a strong password that you do not use anywhere else.",
                        "Turn on two-step verification in the game's account settings.",
                        "Never share your login, even with friends.",
                        "If your account is stolen, tell a parent or carer and use the game's official help page.",
                    ],
                },
            ),
            ("heading", "Knowing when to stop"),
            (
                "paragraph",
                "<p>Games are designed to keep you playing. It helps to decide before you start "
                "when you will stop. Stop if you are getting angry, and stop an hour before "
                "bed so you can sleep properly.</p>",
            ),
            (
                "quote",
                {
                    "text": "If a stranger in a game is being extra nice and giving you loads of stuff, ask yourself why.",
                    "attribution": "Jay, Year 9 mentor",
                },
            ),
            (
                "paragraph",
                "<p>How to block someone in a game: see "
                '<a href="/block-and-report-in-roblox-and-games/">blocking, muting and '
                "reporting in games</a>.</p>",
            ),
        ],
    },
    {
        "slug": "sharing-images-and-nudes",
        "hub": "pupils",
        "title": "Sharing images and nudes: the law, the pressure, and getting pictures taken down",
        "summary": "What the law says about nude pictures of under-18s, what to do if you are asked for one, and how Report Remove can get a picture taken down.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["sharing-images", "people-you-meet-online", "reporting-and-keeping-evidence"],
        "mentor": None,
        "review_months": 12,
        "body": [
            ("heading", "What the law says"),
            (
                "paragraph",
                "<p>In the UK it is against the law to take, make, have, send or share a nude "
                "or sexual picture or video of <strong>anyone under 18</strong>. That is true "
                "even if it is a picture of yourself, and even if the person in it said "
                "yes.</p>"
                "<p>The law is there to protect young people from being used and harmed, not to "
                "punish them. If you are under 18 and something has gone wrong, the school and "
                "the police will focus on keeping you safe. You will not be in trouble for "
                "asking for help.</p>",
            ),
            ("heading", "If someone asks you for a nude"),
            (
                "paragraph",
                "<p>You can always say no, and you do not have to give a reason. Someone who "
                "really cares about you will not keep asking. Some people find it easier to "
                'send a joke or a GIF instead, or to say "my parents check my phone".</p>'
                "<p>If an adult, or someone you have only met online, asks you for pictures, "
                "that is never OK. Tell a trusted adult or report it to CEOP.</p>",
            ),
            ("heading", "If you have sent one, or one of you is being shared"),
            (
                "steps",
                {
                    "title": "What to do",
                    "items": [
                        "Remember: it is not your fault. The person sharing it is the one doing wrong.",
                        "Tell an adult you trust, or call Childline on 0800 1111.",
                        "Use Report Remove, from Childline and the Internet Watch Foundation, to get the picture taken down. You do not have to give your name.",
                        "Report the account that shared it to the app.",
                        "If someone is threatening you, report it to CEOP or the police.",
                    ],
                },
            ),
            (
                "warning",
                "If someone says they will share a picture of you unless you pay them or send "
                "more: stop replying, do not pay, and do not send anything else. Do not delete "
                "your account or the chat. Tell an adult straight away, and report it to CEOP. "
                "This is a crime, and it is not your fault. You are not alone: the police deal "
                "with this often and know how to help.",
            ),
            ("heading", "If someone sends you one"),
            (
                "warning",
                "Do not forward, save or screenshot a nude picture of anyone under 18, even to "
                "show an adult what happened. That is against the law. Tell the adult about it "
                "instead.",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Tell a trusted adult what you were sent, who sent it and when.",
                        "Report the account to the app.",
                        "Let the adult decide what to do with the picture.",
                    ],
                    "dont": [
                        "Forward it, show it to friends or post it anywhere.",
                        "Screenshot it or save it, even as evidence. That is against the law.",
                        "Send it to a teacher. Just tell them about it.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>When you report a nude picture through this site, you will not be asked to "
                "upload it. Just tell us what happened; the safeguarding team will take it from "
                'there. Find every helpline on <a href="/get-help/">Get help now</a>.</p>',
            ),
            (
                "faq",
                [
                    {
                        "question": "What about fake pictures made with AI?",
                        "answer": "<p>A made-up or edited sexual picture of someone under 18 "
                        "is treated just like a real one. Making or sharing it is against the "
                        "law and it can be reported and taken down in the same way.</p>",
                    },
                    {
                        "question": "Will I get a criminal record?",
                        "answer": "<p>Young people who have been pressured or tricked into "
                        "sending a picture are treated as victims. The police can decide that "
                        "taking things further is not in anyone's interest. Talk to an adult "
                        "you trust or to Childline: they can explain what would happen in "
                        "your situation.</p>",
                    },
                    {
                        "question": "Is a CEOP report anonymous?",
                        "answer": "<p>No. CEOP asks for your details so that a child "
                        "protection adviser can contact you and help. If you would rather not "
                        "give your name at first, talk to Childline or tell the school "
                        "through this site.</p>",
                    },
                ],
            ),
            (
                "related_links",
                [
                    {
                        "title": "Childline (search for Report Remove)",
                        "url": "https://www.childline.org.uk",
                    },
                    {"title": "Internet Watch Foundation", "url": "https://www.iwf.org.uk"},
                    {
                        "title": "CEOP Safety Centre",
                        "url": "https://www.ceop.police.uk/Safety-Centre/",
                    },
                ],
            ),
        ],
    },
    {
        "slug": "people-you-meet-online",
        "hub": "pupils",
        "title": "People you meet online: friends, strangers and warning signs",
        "summary": "Online friends can be real friends. Some people pretend, though. The warning signs, and what to do if someone makes you uneasy.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["people-you-meet-online", "gaming", "sharing-images"],
        "mentor": "Robin",
        "review_months": 12,
        "body": [
            ("heading", "Online friends"),
            (
                "paragraph",
                "<p>Lots of people have good friends they met through a game, a fan page or a "
                "club online. The hard part is that you cannot check who someone really is. "
                "Photos can be stolen, and anyone can say they are 14.</p>",
            ),
            ("heading", "Warning signs"),
            (
                "paragraph",
                "<p>Be careful if someone you met online:</p>"
                "<ul>"
                "<li>gives you lots of compliments, gifts, game currency or attention very quickly</li>"
                "<li>says they understand you better than your friends or family do</li>"
                "<li>asks you to keep your chats secret</li>"
                "<li>wants to move from a game or public app to a private chat</li>"
                "<li>asks for photos, especially of your body, or sends you sexual messages</li>"
                "<li>asks to meet up, or wants to know where you live or go to school</li>"
                "<li>gets angry or threatens you when you say no</li>"
                "</ul>"
                "<p>Someone doing these things to win your trust so they can abuse you is "
                "called <strong>grooming</strong>. It can happen to anyone, and it is never the "
                "fault of the young person.</p>",
            ),
            (
                "steps",
                {
                    "title": "If someone is making you uneasy",
                    "items": [
                        "Stop replying. You do not owe them an answer.",
                        "Take screenshots of their profile and messages, but never of nude pictures.",
                        "Block and report them on the app.",
                        "Tell an adult you trust.",
                        "Report it to CEOP if they asked for pictures, talked about sex or asked to meet.",
                    ],
                },
            ),
            (
                "warning",
                "If someone is threatening you or says they are on their way to meet you, and "
                "you feel in danger, call 999.",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Keep your real name, school and address to yourself.",
                        "Talk about online friends with your family, like any other friends.",
                        "Trust your gut. If it feels off, it probably is.",
                    ],
                    "dont": [
                        "Go to meet someone you only know online on your own.",
                        "Turn your camera on for someone you do not know in real life.",
                        "Keep it to yourself because you are worried you will get in trouble.",
                    ],
                },
            ),
            (
                "faq",
                [
                    {
                        "question": "What if I really want to meet an online friend?",
                        "answer": "<p>Talk to a parent or carer first. If they agree, meet "
                        "in a busy public place, in daytime, and take the adult with you. A "
                        "real friend will understand.</p>",
                    },
                    {
                        "question": "What happens when I report to CEOP?",
                        "answer": "<p>You fill in a form on the CEOP Safety Centre website. A "
                        "child protection adviser reads it and gets in touch to help you. It is "
                        "not anonymous, because they need to be able to contact you.</p>",
                    },
                ],
            ),
            (
                "quote",
                {
                    "text": "A real friend does not ask you to keep them a secret.",
                    "attribution": "Robin, Year 12 mentor",
                },
            ),
            (
                "related_links",
                [
                    {
                        "title": "CEOP Safety Centre",
                        "url": "https://www.ceop.police.uk/Safety-Centre/",
                    },
                    {"title": "Childline", "url": "https://www.childline.org.uk"},
                ],
            ),
        ],
    },
    {
        "slug": "looking-after-your-wellbeing-online",
        "hub": "pupils",
        "title": "Looking after your wellbeing online",
        "summary": "Your phone should work for you, not the other way round. Ways to feel better about your feed, your sleep and yourself.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["wellbeing", "social-media"],
        "mentor": "Sky",
        "review_months": 12,
        "body": [
            ("heading", "Notice how you feel"),
            (
                "paragraph",
                "<p>After scrolling, do you feel better or worse? If an account always leaves "
                "you feeling bad about your body, your life or your friends, that is worth "
                "noticing. Most of what you see online is the best bits, edited and filtered. "
                "Nobody's life looks like that all the time.</p>",
            ),
            (
                "steps",
                {
                    "title": "Take control of your feed",
                    "items": [
                        "Unfollow or mute accounts that make you feel worse. They will not be told.",
                        'Use "not interested" on videos you do not want more of.',
                        "Follow things that make you laugh or learn something.",
                        "Turn off notifications you do not need.",
                    ],
                },
            ),
            ("heading", "Sleep"),
            (
                "paragraph",
                "<p>Phones in bedrooms are one of the biggest reasons young people do not get "
                "enough sleep. Try charging your phone outside your room, or at least putting "
                "it on Do Not Disturb an hour before bed. Group chats will still be there in "
                "the morning.</p>",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Take breaks: a walk, music, sport, seeing friends face to face.",
                        "Use screen time settings to set yourself limits.",
                        "Talk to someone if you feel low for more than a few days.",
                    ],
                    "dont": [
                        "Compare your everyday life with someone else's highlights.",
                        "Feel you have to reply to everything straight away.",
                        "Keep watching things that upset you because the app keeps showing them.",
                    ],
                },
            ),
            (
                "tip",
                "If you keep seeing upsetting content about self-harm, dieting or violence, "
                "report it, tap not interested, and tell someone. You should not have to see it.",
            ),
            (
                "paragraph",
                "<p>If you are finding things really hard, you do not have to cope alone. "
                'Read <a href="/self-harm-and-suicide-getting-help/">getting help when things '
                'feel too much</a> or go to <a href="/get-help/">Get help now</a>.</p>',
            ),
            (
                "quote",
                {
                    "text": "I moved my phone charger to the kitchen. For a week it was awful. Now I actually wake up in the morning.",
                    "attribution": "Sky, Year 10 mentor",
                },
            ),
        ],
    },
    {
        "slug": "self-harm-and-suicide-getting-help",
        "hub": "pupils",
        "title": "Getting help when things feel too much",
        "summary": "If you are thinking about hurting yourself or ending your life, or you are worried about a friend, you can talk to someone right now. Here is who.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["self-harm-and-suicide", "wellbeing"],
        "mentor": None,
        "review_months": 6,
        "body": [
            (
                "warning",
                "If you are in danger right now, or you have hurt yourself badly, call 999 or "
                "go to A&E at your nearest hospital.",
            ),
            ("heading", "You can talk to someone right now"),
            (
                "paragraph",
                "<p>If you are having thoughts about hurting yourself or ending your life, "
                "please tell someone today. You do not have to explain it perfectly. You "
                'could say, "I\'m not OK and I need to talk."</p>'
                "<ul>"
                "<li><strong>Childline</strong>: call 0800 1111 or chat online, any time. It is free.</li>"
                "<li><strong>Samaritans</strong>: call 116 123, any time. It is free.</li>"
                "<li><strong>Shout</strong>: text SHOUT to 85258, any time, if you would rather type.</li>"
                "<li><strong>NHS 111</strong>: for urgent help with your mental health.</li>"
                "<li>At school: any member of staff, your form tutor, or the safeguarding team.</li>"
                "</ul>",
            ),
            (
                "paragraph",
                "<p>Feelings this strong can and do get better, with the right support. Lots "
                "of people who once felt like this are now doing well. Talking is the first "
                "step.</p>",
            ),
            ("heading", "If you are worried about a friend"),
            (
                "steps",
                {
                    "title": "What you can do",
                    "items": [
                        "Ask them how they are, and listen.",
                        "It is OK to ask them directly if they are thinking about suicide. Asking does not put the idea in their head.",
                        "Do not promise to keep it secret. Tell an adult today.",
                        "If they are in danger right now, call 999.",
                        "Look after yourself too. You can call Childline about a friend.",
                    ],
                },
            ),
            ("heading", "Harmful content online"),
            (
                "paragraph",
                "<p>Some posts and videos about self-harm or suicide can make people feel "
                'worse. If you see them, report them, use "not interested", and tell '
                "someone. Please do not share them, even to warn others. If you see someone "
                "post that they are going to hurt themselves, tell an adult straight away or "
                "call 999.</p>",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Tell someone today: a friend, a family member, a teacher or a helpline.",
                        "Save the helpline numbers in your phone now, in case you need them later.",
                        "Make a short list of people and places that help you feel a bit safer.",
                    ],
                    "dont": [
                        "Wait until it gets worse before you ask for help.",
                        "Search for or share posts about self-harm or suicide.",
                        "Try to handle a friend's safety on your own.",
                    ],
                },
            ),
            (
                "paragraph",
                '<p>All the numbers are on <a href="/get-help/">Get help now</a>.</p>',
            ),
            (
                "related_links",
                [
                    {"title": "Childline", "url": "https://www.childline.org.uk"},
                    {"title": "Samaritans", "url": "https://www.samaritans.org"},
                    {"title": "Shout", "url": "https://giveusashout.org"},
                ],
            ),
        ],
    },
    {
        "slug": "staying-safe-and-kind-online-ages-7-to-11",
        "hub": "pupils",
        "title": "Staying safe and kind online (for ages 7 to 11)",
        "summary": "Simple rules for games, videos and messages. If anything online makes you feel worried, tell a grown-up.",
        "audiences": ["pupils"],
        "age_bands": ["7-11"],
        "topics": [
            "cyberbullying",
            "people-you-meet-online",
            "privacy-and-digital-footprint",
            "gaming",
        ],
        "mentor": "Theo",
        "review_months": 12,
        "body": [
            ("heading", "If something makes you feel worried"),
            (
                "steps",
                {
                    "title": "Stop, close, tell",
                    "items": [
                        "Stop what you are doing.",
                        "Close the game or app, or turn the screen over.",
                        "Tell a grown-up you trust, like a parent, carer or teacher.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>You will not be in trouble for telling. Grown-ups want to know, so they "
                "can help.</p>",
            ),
            ("heading", "Keep your secrets safe"),
            (
                "paragraph",
                "<p>Some things are just for you and your family. Do not tell people online:</p>"
                "<ul>"
                "<li>your full name</li>"
                "<li>where you live</li>"
                "<li>your school</li>"
                "<li>your passwords</li>"
                "</ul>",
            ),
            ("heading", "People online"),
            (
                "paragraph",
                "<p>People online are not always who they say they are. Someone who says they "
                "are 10 might be a grown-up. Only play and chat with people you know in real "
                "life. Never go to meet someone from the internet.</p>",
            ),
            ("heading", "Be kind"),
            (
                "paragraph",
                "<p>Behind every name in a game or chat is a real person with real feelings. "
                "If you would not say it to their face, do not type it.</p>",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Ask a grown-up before you download a game or app.",
                        "Use the mute and block buttons if someone is mean.",
                        "Tell a grown-up if someone asks you to keep a secret.",
                    ],
                    "dont": [
                        "Send pictures of yourself to people online.",
                        "Click on prizes or free things. They are often tricks.",
                        "Keep scary or upsetting things to yourself.",
                    ],
                },
            ),
            (
                "tip",
                "You can call Childline on 0800 1111. It is free, and someone kind will listen.",
            ),
            (
                "quote",
                {
                    "text": "When I was in Year 5 a game chat said mean things to me. I told my mum, and it stopped. Telling really works.",
                    "attribution": "Theo, Year 8 mentor",
                },
            ),
        ],
    },
    {
        "slug": "telling-the-school",
        "hub": "pupils",
        "title": "Telling the school: how reporting on this site works",
        "summary": "You can tell the school about bullying or something worrying online without giving your name. What happens when you do.",
        "audiences": ["pupils"],
        "age_bands": SECONDARY,
        "topics": ["reporting-and-keeping-evidence", "cyberbullying"],
        "mentor": "Theo",
        "review_months": 12,
        "body": [
            ("heading", "Three ways to tell us"),
            (
                "paragraph",
                "<ul>"
                "<li>Talk to any adult in school: your form tutor, a teacher, a teaching "
                "assistant, the office, or the safeguarding team (the staff whose job is "
                "keeping pupils safe).</li>"
                "<li>Talk to a mentor at the lunchtime drop-in. Mentors will pass on anything "
                "serious to staff.</li>"
                "<li>Use the <strong>Report</strong> button on this site. You can do it from "
                "home, and you do not have to give your name.</li>"
                "</ul>",
            ),
            ("heading", "What happens when you report on this site"),
            (
                "steps",
                {
                    "title": "Step by step",
                    "items": [
                        "Answer a few questions: who it is happening to, what happened and where.",
                        "Add screenshots if you have them. You can skip this.",
                        "Choose whether to say who you are. You do not have to.",
                        "You get a short reference and a secret passphrase. Write them down somewhere safe.",
                        "A member of the safeguarding team reads your report.",
                        "Use your reference and passphrase to come back, read their reply and add more.",
                    ],
                },
            ),
            (
                "warning",
                "Reports are read in school hours. If someone is in danger right now, call "
                "999. If you need to talk to someone tonight, call Childline on 0800 1111.",
            ),
            (
                "faq",
                [
                    {
                        "question": "Can the school find out it was me?",
                        "answer": "<p>The site does not keep your name, your device or your "
                        "internet address with your report. Staff only know who you are if you "
                        "tell them, or if what you write gives it away.</p>",
                    },
                    {
                        "question": "Why would I give my name?",
                        "answer": "<p>It lets staff talk to you in person and help you "
                        "faster. Some worries, like someone hurting themselves, can only really "
                        "be helped that way. It is always your choice.</p>",
                    },
                    {
                        "question": "What if I lose my passphrase?",
                        "answer": "<p>Nobody can look it up for you, not even staff. Make a "
                        "new report and say it is about the same thing as an earlier one.</p>",
                    },
                ],
            ),
            (
                "quote",
                {
                    "text": "I was scared it would make things worse. It didn't. Nobody knew it was me.",
                    "attribution": "Theo, Year 8 mentor",
                },
            ),
        ],
    },
    # ------------------------------------------------------------------ parents and carers
    {
        "slug": "talking-with-your-child-about-their-online-life",
        "hub": "parents-and-carers",
        "title": "Talking with your child about their online life",
        "summary": "Regular, relaxed conversations do more to keep children safe than any filter. How to start them, and how to keep your child telling you things.",
        "audiences": ["parents"],
        "age_bands": ["7-11", "11-16"],
        "topics": ["wellbeing", "social-media", "cyberbullying"],
        "mentor": None,
        "review_months": 12,
        "body": [
            ("heading", "Why conversation comes first"),
            (
                "paragraph",
                "<p>Children are far more likely to come to you when something goes wrong "
                "online if talking about their online life is already normal in your home. "
                "Our pupils tell us the main reason they do not tell a parent is fear that "
                "their phone or console will be taken away. If they believe you will help "
                "rather than punish, they will tell you sooner.</p>",
            ),
            (
                "steps",
                {
                    "title": "Getting the conversation going",
                    "items": [
                        "Ask them to show you their favourite app or game, and let them be the expert.",
                        'Ask open questions: "What\'s the best thing about it? Is there anything that annoys you?"',
                        "Talk while doing something else, such as driving or cooking. It feels less like an interview.",
                        "Share your own online slip-ups, so they know everyone gets it wrong sometimes.",
                        "Agree together what they would do if something upset them, before it happens.",
                    ],
                },
            ),
            ("heading", "Signs something may be wrong"),
            (
                "paragraph",
                "<p>A child who is having a hard time online may seem upset or jumpy after "
                "using their phone, become secretive about it, withdraw from friends, lose "
                "sleep, or not want to go to school. None of these proves anything on its own, "
                "but they are worth a gentle conversation. Be aware too that a child involved "
                "in bullying may show few outward signs.</p>",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Stay calm, thank them for telling you, and tell them it is not their fault.",
                        "Model the behaviour you want: ask before posting photos of them, and put your own phone down at meals.",
                        "Agree family rules together, such as where devices charge at night.",
                    ],
                    "dont": [
                        "Confiscate devices as an automatic response to a problem they brought to you.",
                        "Read their messages in secret. If you need to check, tell them why.",
                        "Dismiss online friendships or games as unimportant. To them they matter.",
                    ],
                },
            ),
            (
                "faq",
                [
                    {
                        "question": "My child is 11 and says everyone else has social media. Should I allow it?",
                        "answer": "<p>Most major platforms set a minimum age of 13 in their "
                        "terms, and their safety features are designed with that in mind. "
                        "Whatever you decide, set up the account together, use the privacy "
                        "settings and the platform's family tools, and keep talking about it. "
                        'See <a href="/parental-controls-and-settings/">parental controls and '
                        "settings</a>.</p>",
                    },
                    {
                        "question": "What if my child tells me something that worries me a lot?",
                        "answer": "<p>Listen, stay calm and keep any evidence. If a child is "
                        "in danger, call 999. Otherwise contact the school's safeguarding team, "
                        "or call the NSPCC Helpline on 0808 800 5000 for advice.</p>",
                    },
                ],
            ),
            (
                "related_links",
                [
                    {
                        "title": "Internet Matters: advice for parents",
                        "url": "https://www.internetmatters.org",
                    },
                    {
                        "title": "NSPCC: keeping children safe online",
                        "url": "https://www.nspcc.org.uk",
                    },
                ],
            ),
        ],
    },
    {
        "slug": "parental-controls-and-settings",
        "hub": "parents-and-carers",
        "title": "Parental controls and settings: what is worth switching on",
        "summary": "A layered approach to controls on your home broadband, your child's devices, consoles and apps, and the limits of every filter.",
        "audiences": ["parents"],
        "age_bands": ["7-11", "11-16"],
        "topics": ["privacy-and-digital-footprint", "gaming", "social-media"],
        "mentor": None,
        "review_months": 6,
        "body": [
            ("heading", "Think in layers"),
            (
                "paragraph",
                "<p>No single control covers everything. The most effective set-up combines "
                "several layers, matched to your child's age, with regular conversations. "
                "Controls are a seatbelt, not a replacement for talking: children share "
                "devices, use friends' phones and find workarounds, and no filter is "
                "completely reliable.</p>",
            ),
            (
                "steps",
                {
                    "title": "The four layers",
                    "items": [
                        "Home broadband: the main UK providers offer free family filters that apply to every device on your home wi-fi. Check your provider's account settings.",
                        "Devices: use Screen Time on Apple devices or Family Link on Android to approve downloads, set time limits and manage content.",
                        "Consoles: Xbox, PlayStation and Nintendo Switch all have family settings or a parental controls app for age ratings, spending, chat and play time.",
                        "Apps: many apps have their own family tools, such as Snapchat's Family Centre, Instagram's supervision tools, TikTok's Family Pairing and YouTube's supervised experience.",
                    ],
                },
            ),
            (
                "tip",
                "Settings menus change frequently. Rather than relying on step-by-step "
                "instructions that may be out of date, search the provider's own help pages for "
                '"parental controls" or "family settings". Internet Matters keeps up-to-date '
                "set-up guides for most devices and apps.",
            ),
            ("heading", "Settings worth checking in any app"),
            (
                "paragraph",
                "<ul>"
                "<li>Account set to private.</li>"
                "<li>Location sharing off.</li>"
                "<li>Messages and friend requests limited to people they know.</li>"
                "<li>Who can add them to group chats.</li>"
                "<li>Spending locked behind a password or approval.</li>"
                "<li>Age ratings for games (PEGI) and apps set to their age.</li>"
                "</ul>",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Set controls up with your child and explain why, rather than in secret.",
                        "Review them as your child grows. What suits a 9-year-old will frustrate a 14-year-old.",
                        "Keep devices in shared spaces, especially for younger children and overnight.",
                    ],
                    "dont": [
                        "Assume controls on one device cover the others, or mobile data.",
                        "Share your own passwords or PIN codes with your child.",
                        "Rely on controls alone. Keep the conversation going.",
                    ],
                },
            ),
            (
                "faq",
                [
                    {
                        "question": "Do home broadband filters work on mobile data?",
                        "answer": "<p>No. When your child uses mobile data rather than your "
                        "wi-fi, the broadband filter does not apply. Mobile networks have their "
                        "own content controls, and device-level controls still apply.</p>",
                    },
                    {
                        "question": "Should I use monitoring apps that let me read my child's messages?",
                        "answer": "<p>Think carefully. Covert monitoring can damage trust and "
                        "make children less likely to come to you. For most families, "
                        "age-appropriate controls that your child knows about, plus open "
                        "conversation, work better.</p>",
                    },
                ],
            ),
            (
                "related_links",
                [
                    {
                        "title": "Internet Matters: parental controls guides",
                        "url": "https://www.internetmatters.org",
                    },
                    {
                        "title": "UK Safer Internet Centre: parents and carers",
                        "url": "https://saferinternet.org.uk",
                    },
                ],
            ),
        ],
    },
    {
        "slug": "if-your-child-is-being-bullied-online",
        "hub": "parents-and-carers",
        "title": "If your child is being bullied online",
        "summary": "What to do in the first hour and the days after: reassure, keep evidence, report, and work with the school.",
        "audiences": ["parents"],
        "age_bands": ["7-11", "11-16"],
        "topics": ["cyberbullying", "reporting-and-keeping-evidence"],
        "mentor": None,
        "review_months": 12,
        "body": [
            ("heading", "First, reassure"),
            (
                "paragraph",
                "<p>If your child tells you they are being bullied online, the most important "
                "thing is how you respond in the first few minutes. Thank them for telling you, "
                "tell them it is not their fault, and make clear you will work it out together. "
                "Avoid removing their phone or banning an app as a first response: it can feel "
                "like a punishment and makes children less likely to tell you next time.</p>",
            ),
            (
                "steps",
                {
                    "title": "What to do",
                    "items": [
                        "Ask your child not to reply or retaliate. A response is often what the other person wants.",
                        "Keep evidence: screenshots showing usernames, messages, dates and times, and which app or game.",
                        "Help your child block and report the accounts involved on the platform.",
                        "Tell the school, especially if other pupils are involved. You can speak to your child's tutor or head of year, or report through this site.",
                        "Agree with your child what happens next, so they keep some control.",
                    ],
                },
            ),
            (
                "warning",
                "If the bullying involves a nude or sexual image of your child, do not copy, "
                "save or forward the image, even to the school or police. Note where you saw "
                "it and tell the school's safeguarding team. Your child can use Report Remove "
                "(Childline and the Internet Watch Foundation) to have it taken down.",
            ),
            ("heading", "When to involve the police"),
            (
                "paragraph",
                "<p>Some online behaviour is a crime: threats of violence, persistent "
                "harassment, hate crime, and anything involving sexual images of a child. If "
                "you think a crime has been committed, call 101. If your child is in danger, "
                "call 999. If an adult is trying to groom or sexually exploit your child "
                "online, report to CEOP.</p>",
            ),
            ("heading", "Working with the school"),
            (
                "paragraph",
                "<p>The school will listen to you and your child, look at the evidence, support "
                "your child, and act under its anti-bullying and behaviour policies where other "
                "pupils are involved, even when the bullying happened outside school hours. It "
                "may not be able to tell you what action it has taken with another child, but "
                "it should tell you what it is doing to support yours. Ask for a named contact "
                "and agree when you will next hear from them.</p>",
            ),
            (
                "faq",
                [
                    {
                        "question": "Should I contact the other child's parents?",
                        "answer": "<p>It is usually better to go through the school. "
                        "Conversations between parents can escalate quickly, especially by "
                        "message, and the school can speak to everyone involved.</p>",
                    },
                    {
                        "question": "How do I get a post taken down?",
                        "answer": "<p>Report it to the platform under its bullying or "
                        "harassment rules. Platforms only remove what breaks their rules, so the "
                        "fastest fix is often the author taking it down, which the school can "
                        "ask them to do. If a platform "
                        "does not act, the UK Safer Internet Centre has advice on escalating "
                        "reports about harmful content.</p>",
                    },
                ],
            ),
            (
                "related_links",
                [
                    {"title": "NSPCC Helpline", "url": "https://www.nspcc.org.uk"},
                    {
                        "title": "Internet Matters: cyberbullying",
                        "url": "https://www.internetmatters.org",
                    },
                ],
            ),
        ],
    },
    {
        "slug": "if-your-child-is-bullying-others-online",
        "hub": "parents-and-carers",
        "title": "If your child is the one bullying others online",
        "summary": "Finding out your child has hurt someone is hard. How to respond in a way that stops the behaviour and helps them put it right.",
        "audiences": ["parents"],
        "age_bands": ["7-11", "11-16"],
        "topics": ["cyberbullying", "being-a-bystander"],
        "mentor": None,
        "review_months": 12,
        "body": [
            ("heading", "It happens in many families"),
            (
                "paragraph",
                "<p>Plenty of children who are kind at home end up involved in bullying "
                "someone online. It is easy to get swept along: a joke in a group "
                "chat, a shared screenshot, a pile-on. It does not make your child a bad person, "
                "but it does need to stop, and the way you respond matters.</p>",
            ),
            (
                "steps",
                {
                    "title": "What to do",
                    "items": [
                        "Stay calm and listen to their account before deciding what happened.",
                        "Look at what was said or shared together, and ask how it might have felt to receive it.",
                        "Ask them to delete the posts or messages they are responsible for, after the school has seen them if the school is involved.",
                        "Work with the school. Cooperating with its process usually leads to a quicker, fairer outcome.",
                        "Think together about how they could put it right, such as an apology, if the other child wants one.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>Try to understand what was behind it. Children who bully online are "
                "sometimes being bullied themselves, going along with a group to fit in, or "
                "dealing with something difficult at home or school. None of this excuses the "
                "behaviour, but it may point to support they need.</p>",
            ),
            (
                "warning",
                "Sharing a nude or sexual image of anyone under 18 is a crime, even between "
                "young people. If your child has shared such an image, do not ask them to send "
                "it to you and do not forward it. Contact the school's safeguarding team for "
                "advice straight away.",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Be clear that the behaviour is not acceptable in your family.",
                        "Agree some changes together, such as time limits or leaving a group chat.",
                        "Notice and praise them when they handle things well.",
                    ],
                    "dont": [
                        "Dismiss it as banter or just a joke.",
                        "Publicly shame your child, online or offline.",
                        "Contact the other family directly before speaking to the school.",
                    ],
                },
            ),
            (
                "paragraph",
                '<p>The school\'s <a href="/our-online-code/">online code</a> sets out what '
                "pupils have agreed to. It can be a useful starting point for a conversation at "
                "home.</p>",
            ),
        ],
    },
    # ------------------------------------------------------------------ staff
    {
        "slug": "staff-online-conduct-and-professional-boundaries",
        "hub": "staff",
        "title": "Your own online conduct and professional boundaries",
        "summary": "How to keep your personal accounts private, communicate with pupils and families only through school channels, and respond if you are targeted online.",
        "audiences": ["staff"],
        "age_bands": ALL_AGES,
        "topics": ["safeguarding-practice", "privacy-and-digital-footprint", "social-media"],
        "mentor": None,
        "review_months": 12,
        "body": [
            ("heading", "The principle"),
            (
                "paragraph",
                "<p>Your conduct online is held to the same standard as your conduct in school. "
                "The Teachers' Standards expect teachers to uphold public trust in the "
                "profession, and the school's staff code of conduct applies to every member of "
                "staff, including support staff, volunteers and supply staff. Keeping Children "
                "Safe in Education asks every school to have clear boundaries for staff "
                "communication with pupils, and these apply online as much as offline.</p>",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Set personal accounts to private and review what is publicly visible, including old posts, tagged photos and profile pictures.",
                        "Communicate with pupils and families only through school systems: school email, the learning platform and the school's messaging service.",
                        "Tell the DSL or your line manager if a pupil or parent contacts you on a personal account, and keep a record.",
                        "Use strong, unique passwords and two-step verification on every account, especially school ones.",
                    ],
                    "dont": [
                        "Accept or send friend or follow requests to current or former pupils, or, as a rule, their parents.",
                        "Use personal phones or accounts to contact pupils, or to photograph them.",
                        "Post about pupils, colleagues or school incidents, even without names.",
                        "Reply to abusive posts about you or the school.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>Where a connection existed before you joined the school, such as a family "
                "member, a neighbour or a child in a club you run, discuss it with your line "
                "manager and agree how it will be handled. Being open about it protects you as "
                "well as the child.</p>",
            ),
            ("heading", "Private is not the same as confidential"),
            (
                "paragraph",
                "<p>Privacy settings limit who sees a post directly, but anyone who can see it "
                "can screenshot and share it. Assume anything you post could be seen by pupils, "
                "parents and your employer. The Guidance for Safer Working Practice used by "
                "many schools gives further examples of where the line is.</p>",
            ),
            ("heading", "If you are targeted online"),
            (
                "steps",
                {
                    "title": "What to do",
                    "items": [
                        "Do not respond or retaliate.",
                        "Capture the content: screenshots with the account name, the date and time, and the web address.",
                        "Report it to your line manager and the DSL as soon as possible.",
                        "Report the content to the platform. The school can help, and the Professionals Online Safety Helpline can advise.",
                        "If there are threats, or the content may be criminal, report it to the police on 101 (999 in an emergency).",
                        "Talk to your union or professional association and make use of the school's staff wellbeing support.",
                    ],
                },
            ),
            ("heading", "Low-level concerns"),
            (
                "paragraph",
                "<p>If you notice a colleague behaving online in a way that is inconsistent "
                "with the code of conduct, even if it does not seem serious, share it under the "
                "school's low-level concerns policy. Concerns about a colleague that may meet "
                "the harm threshold go to the headteacher, who will consult the local authority "
                "designated officer (LADO); concerns about the headteacher go to the chair of "
                "governors.</p>",
            ),
            (
                "related_links",
                [
                    {
                        "title": "Keeping children safe in education (GOV.UK)",
                        "url": "https://www.gov.uk",
                    },
                    {
                        "title": "UK Safer Internet Centre: professionals",
                        "url": "https://saferinternet.org.uk",
                    },
                ],
            ),
        ],
    },
    {
        "slug": "responding-to-a-disclosure",
        "hub": "staff",
        "title": "Responding to a disclosure and recording it",
        "summary": "When a pupil tells you something worrying: listen, don't promise secrecy, record, and tell the DSL the same day.",
        "audiences": ["staff"],
        "age_bands": ALL_AGES,
        "topics": ["safeguarding-practice", "reporting-and-keeping-evidence", "sharing-images"],
        "mentor": None,
        "review_months": 12,
        "body": [
            ("heading", "Listen, don't promise secrecy, record, tell the DSL the same day"),
            (
                "paragraph",
                "<p>Pupils choose who they tell, and it is often not the person we would "
                "expect. It may be you, in a corridor, at the end of a lesson, or in a message "
                "through a school system. How you respond affects whether they ever tell anyone "
                "again.</p>",
            ),
            (
                "steps",
                {
                    "title": "During the conversation",
                    "items": [
                        "Stay calm and give them your attention. Move somewhere quieter but still visible if you can.",
                        "Listen. Let them tell it in their own words and at their own pace.",
                        "Do not promise to keep it secret. Explain kindly that you may need to tell people whose job it is to help.",
                        "Ask only open questions if you need to understand (tell me, explain, describe). Do not ask leading questions or investigate.",
                        "Reassure them that they were right to tell you and that it is not their fault.",
                        "Tell them what will happen next, and who will be told.",
                    ],
                },
            ),
            (
                "steps",
                {
                    "title": "Straight afterwards",
                    "items": [
                        "Record what was said as soon as possible, using the pupil's own words, not your interpretation.",
                        "Note the date, time and place, who was present, and what you said and asked.",
                        "Record facts and what you observed. Keep opinion out, or label it clearly as opinion.",
                        "Tell the DSL, or a deputy DSL, the same day, and before the pupil goes home if they may be at risk there.",
                        "If a child is in immediate danger, call 999 and then tell the DSL.",
                    ],
                },
            ),
            (
                "warning",
                "If a disclosure involves a nude or sexual image of a pupil, do not ask to see "
                "it, and never copy, print, forward, screenshot or save it, including to "
                "yourself or to the DSL. If you see one by accident, note only what you saw and "
                "tell the DSL. Do not delete anything from a pupil's device: the DSL decides what "
                "happens next, following the UKCIS guidance on sharing nudes and semi-nudes.",
            ),
            ("heading", "Recording on Upstander"),
            (
                "paragraph",
                "<p>Safeguarding leads can log a disclosure as a case in Upstander, with the "
                "same chronology as a report made online, so everything about a concern is in "
                "one place. If your role does not give you access, give your written account to "
                "the DSL on the same day; do not keep copies on personal devices or in personal "
                'email. See <a href="/how-reports-reach-the-safeguarding-team/">how reports '
                "reach the safeguarding team</a>.</p>",
            ),
            (
                "do_dont",
                {
                    "do": [
                        "Take every disclosure seriously, even if it seems minor or the pupil plays it down.",
                        "Act on worries about peer-on-peer abuse, including online, in the same way as other concerns.",
                        "Look after yourself: hearing a disclosure can be upsetting. Talk to the DSL about support.",
                    ],
                    "dont": [
                        "Confront or contact the alleged perpetrator, or their family.",
                        "Discuss the disclosure with colleagues who do not need to know.",
                        "Wait until you are sure. If in doubt, pass it on.",
                    ],
                },
            ),
            (
                "faq",
                [
                    {
                        "question": "A pupil made me promise before telling me. What now?",
                        "answer": "<p>Explain honestly, as soon as you realise, that you cannot "
                        "keep it secret because keeping them safe matters more. Tell them who you "
                        "will share it with and why. Most pupils who tell an adult want something "
                        "to happen.</p>",
                    },
                    {
                        "question": "The DSL is not in school today.",
                        "answer": "<p>Speak to a deputy DSL. The names are on the staffroom "
                        "safeguarding poster and in the child protection policy. If no one is "
                        "available and a child is at risk, contact children's social care or the "
                        "police directly. Anyone can make a referral.</p>",
                    },
                ],
            ),
            (
                "related_links",
                [
                    {
                        "title": "Keeping children safe in education (GOV.UK)",
                        "url": "https://www.gov.uk",
                    },
                    {"title": "NSPCC Learning", "url": "https://www.nspcc.org.uk"},
                ],
            ),
        ],
    },
    {
        "slug": "how-reports-reach-the-safeguarding-team",
        "hub": "staff",
        "title": "How reports reach the safeguarding team: using Upstander's reporting and triage",
        "summary": "What pupils and parents see when they report, how reports are triaged by risk, what staff should and should not do, and how mentors raise concerns.",
        "audiences": ["staff"],
        "age_bands": ALL_AGES,
        "topics": ["safeguarding-practice", "reporting-and-keeping-evidence", "cyberbullying"],
        "mentor": None,
        "review_months": 12,
        "body": [
            ("heading", "What a reporter sees"),
            (
                "paragraph",
                "<p>Anyone can make a report from the Report button on every page. The form "
                "asks who it is about, what happened, where and when, and lets the reporter "
                "attach screenshots. Giving a name is optional. The site keeps no account, "
                "internet address or device details with a report. After submitting, the "
                "reporter gets a short case reference and a secret passphrase, which they use to "
                "read replies from the safeguarding team and add information later.</p>"
                "<p>For a nude or sexual image of someone under 18, the form does not accept "
                "uploads. It explains why, points to Childline and Report Remove, and creates "
                "an urgent case from the text alone.</p>",
            ),
            ("heading", "What happens to a report"),
            (
                "steps",
                {
                    "title": "From report to closure",
                    "items": [
                        "Every report becomes a case and the safeguarding leads are notified by email. The email contains no details of the report.",
                        "A reporter who says someone is in danger right now is told to call 999, and the case is marked urgent.",
                        "A lead reviews the case, confirms or changes the suggested risk (urgent, high, medium or low), and takes ownership.",
                        "Actions, messages to the reporter, escalations and notes are recorded in the case chronology.",
                        "The case is closed with an outcome, and can be reopened if anything new comes in.",
                    ],
                },
            ),
            (
                "paragraph",
                "<p>Evidence is cleaned of hidden data, encrypted and stored privately. Only "
                "safeguarding leads can see reports and evidence, and every view is recorded. "
                "Names given in an anonymous report are marked unverified until a lead confirms "
                "them, so a malicious report cannot label a pupil.</p>",
            ),
            ("heading", "What other staff should do"),
            (
                "do_dont",
                {
                    "do": [
                        "Point pupils and parents to the Report button or to Get help now when it helps them.",
                        "Still pass on anything you see or hear directly to the DSL the same day. A report on the site does not replace your duty.",
                        "Tell pupils honestly that reports are read in school hours, and that 999 and Childline are there at other times.",
                    ],
                    "dont": [
                        "Make a report on a pupil's behalf from their device or while standing over them. Offer to help them tell you instead.",
                        "Try to work out who made an anonymous report.",
                        "Ask pupils to show you screenshots of nude or sexual images.",
                    ],
                },
            ),
            ("heading", "Mentors' concerns"),
            (
                "paragraph",
                "<p>Pupil mentors are trained to pass on, not to handle, anything serious. A "
                "mentor who is worried about a peer can raise a concern from their own account; "
                "it becomes a case like any other, and the mentor sees only that it was received. "
                "Mentors are told to find an adult straight away in an emergency. Staff who "
                "supervise mentors should check in with them regularly: supporting others can "
                "be upsetting.</p>",
            ),
            (
                "faq",
                [
                    {
                        "question": "How quickly are reports read?",
                        "answer": "<p>Reports are read during school hours, and the reporter "
                        "is told when to expect that. Urgent cases that are not acknowledged "
                        "quickly are flagged again to the leads. The site is not an emergency "
                        "service, and says so.</p>",
                    },
                    {
                        "question": "Can I see reports about my tutor group?",
                        "answer": "<p>No. Reports are confidential to the safeguarding leads. "
                        "The DSL will share what you need to know to support a pupil.</p>",
                    },
                ],
            ),
        ],
    },
]

CODE_OF_CONDUCT = {
    "slug": "our-online-code",
    "title": "Our online code",
    "audience": "pupils",
    "intro": (
        "<p>This is what we have all agreed about how we treat each other online, in and out "
        "of school. It was written by the pupil mentors with the school council and staff, "
        "and we look at it again every year. It covers apps, games, group chats and school "
        "devices.</p>"
        "<p>If someone breaks it, the school can act, even if it happened at the weekend. If "
        'you are worried about something, <a href="/telling-the-school/">tell us</a>.</p>'
    ),
    "versions": [
        {
            "effective": "2025-09-01",
            "commitments": [
                {
                    "title": "I am kind online",
                    "text": "I only post and send things I would be happy to say to someone's face.",
                },
                {
                    "title": "I think before I share",
                    "text": "I do not share other people's photos, screenshots or secrets without asking them first.",
                },
                {
                    "title": "I keep my passwords to myself",
                    "text": "I do not share my passwords, and I do not use anyone else's account.",
                },
                {
                    "title": "I protect my privacy",
                    "text": "I keep my accounts private and do not share my address, school or phone number with people I do not know.",
                },
                {
                    "title": "I do not join in",
                    "text": "I do not like, share or laugh at posts that are meant to hurt someone.",
                },
                {
                    "title": "I tell someone",
                    "text": "If I see bullying or something worrying, I tell a trusted adult, a mentor, or the school through Upstander.",
                },
                {
                    "title": "I respect people who are different from me",
                    "text": "I do not post anything that picks on someone because of their race, religion, disability, sex, gender, sexuality or how they look.",
                },
                {
                    "title": "I use school devices for school",
                    "text": "I use school computers and accounts for learning and follow the school's rules for using them.",
                },
            ],
            "changes": [],
        },
        {
            "effective": "2026-09-01",
            "commitments": [
                {
                    "title": "I am kind online",
                    "text": "I only post and send things I would be happy to say to someone's face.",
                },
                {
                    "title": "I ask before I share",
                    "text": "I do not share other people's photos, videos, screenshots or secrets without asking them first.",
                },
                {
                    "title": "I keep my passwords to myself",
                    "text": "I do not share my passwords, and I do not use anyone else's account or pretend to be someone else.",
                },
                {
                    "title": "I protect my privacy",
                    "text": "I keep my accounts private, turn off location sharing, and do not share my address, school or phone number with people I do not know.",
                },
                {
                    "title": "I do not join in",
                    "text": "I do not like, share, laugh at or pass on posts that are meant to hurt someone.",
                },
                {
                    "title": "I ask before adding people to group chats",
                    "text": "I only add people to a group if they want to be there, and I never make a group to talk about someone.",
                },
                {
                    "title": "I never make or share fake pictures of real people",
                    "text": "I do not use apps or AI tools to make fake or edited pictures or videos of anyone, and I do not pass them on.",
                },
                {
                    "title": "I tell someone",
                    "text": "If I see bullying or something worrying, I tell a trusted adult, a mentor, or the school through Upstander. Telling is not snitching.",
                },
                {
                    "title": "I respect people who are different from me",
                    "text": "I do not post anything that picks on someone because of their race, religion, disability, sex, gender, sexuality or how they look.",
                },
                {
                    "title": "I use school devices for school",
                    "text": "I use school computers and accounts for learning and follow the school's rules for using them.",
                },
            ],
            "changes": [
                "Added: I ask before adding people to group chats. Pupils told us group chats were where most unkind things started.",
                "Added: I never make or share fake pictures of real people, because of apps that can make fake photos and videos.",
                "Changed: I ask before I share now includes videos as well as photos.",
                "Changed: I keep my passwords to myself now also says not to pretend to be someone else.",
                "Changed: I protect my privacy now includes turning off location sharing.",
                "Changed: I tell someone now says that telling is not snitching, because many pupils said that worry stopped them.",
            ],
        },
    ],
}

HELP_PAGE = {
    "slug": "get-help",
    "title": "Get help now",
    "intro": (
        "<p><strong>If you or someone else is in danger right now, call 999.</strong></p>"
        "<p>Whatever is happening, you do not have to deal with it on your own. Here is who "
        "you can talk to, any time of day or night.</p>"
    ),
    "sections": [
        ("heading", "In an emergency"),
        (
            "paragraph",
            "<p>Call <strong>999</strong> if someone is in danger, badly hurt, or might hurt "
            "themselves or someone else. If you cannot speak, stay on the line and listen to "
            "what the operator tells you to do. On a mobile you may be asked to press 55.</p>",
        ),
        ("heading", "Talk to someone now"),
        (
            "paragraph",
            "<ul>"
            "<li><strong>Childline</strong>: call <strong>0800 1111</strong> or chat online at "
            '<a href="https://www.childline.org.uk">childline.org.uk</a>. Free, any time, for '
            "anyone under 19.</li>"
            "<li><strong>Samaritans</strong>: call <strong>116 123</strong>. Free, any time, "
            "whatever you are going through.</li>"
            "<li><strong>Shout</strong>: text <strong>SHOUT</strong> to <strong>85258</strong>. "
            "Free, any time, if you would rather type than talk.</li>"
            "<li><strong>NHS 111</strong>: for urgent help with your health, including your "
            "mental health, when it is not an emergency.</li>"
            "</ul>",
        ),
        ("heading", "If someone online is asking for sexual pictures or trying to meet you"),
        (
            "paragraph",
            "<p>Report it to <strong>CEOP</strong>, part of the National Crime Agency, at the "
            '<a href="https://www.ceop.police.uk/Safety-Centre/">CEOP Safety Centre</a>. A '
            "child protection adviser will get in touch to help you. A CEOP report is "
            "<strong>not anonymous</strong>: you give your details so they can contact you. If "
            "you would rather not give your name yet, talk to Childline first, or tell the "
            "school.</p>",
        ),
        ("heading", "If a nude picture of you has been shared, or might be"),
        (
            "paragraph",
            "<p>If you are under 18, <strong>Report Remove</strong> from Childline and the "
            "Internet Watch Foundation can help get it taken down from the internet. Search for "
            'Report Remove on the <a href="https://www.childline.org.uk">Childline website</a>. '
            "You do not have to give your name. Do not forward the picture to anyone, even to "
            "prove what happened.</p>",
        ),
        ("heading", "To report a crime that is not an emergency"),
        (
            "paragraph",
            "<p>Call the police on <strong>101</strong>, for example about threats, "
            "harassment that will not stop, or someone sharing nude pictures of a person under "
            "18.</p>",
        ),
        ("heading", "For parents, carers and staff"),
        (
            "paragraph",
            "<p>If you are worried about a child, call the <strong>NSPCC Helpline</strong> on "
            "<strong>0808 800 5000</strong> or visit "
            '<a href="https://www.nspcc.org.uk">nspcc.org.uk</a>. You can also speak to the '
            "school's designated safeguarding lead.</p>",
        ),
        ("heading", "Telling someone at school"),
        (
            "paragraph",
            "<p>You can talk to any adult in school: your form tutor, any teacher, a teaching "
            "assistant, the office or the safeguarding team. You can also talk to a pupil "
            "mentor at the lunchtime drop-in, and they will help you find an adult.</p>"
            "<p>Or use the <strong>Report</strong> button on this site. You do not have to give "
            "your name. Reports are read in school hours, so if you need help tonight or at "
            "the weekend, use one of the helplines above. "
            '<a href="/telling-the-school/">How reporting works</a>.</p>',
        ),
        ("heading", "Leaving this site quickly"),
        (
            "paragraph",
            "<p>The Quick exit button at the top of every page takes you straight to another "
            "website. It does not delete your browser history, so if you are worried someone "
            "might check your device, use a private or incognito window.</p>",
        ),
    ],
}

VIDEO = {
    "slug": "how-to-block-someone-in-30-seconds",
    "hub": "pupils",
    "title": "How to block someone in 30 seconds",
    "summary": "Sky, one of our Year 10 mentors, shows the four things to do when someone online will not leave you alone.",
    "mentor": "Sky",
    "topics": ["cyberbullying", "reporting-and-keeping-evidence", "social-media"],
    "audiences": ["pupils"],
    "age_bands": SECONDARY,
    "captions": [
        (0.0, 3.0, "Hi, I'm Sky, one of the Upstander mentors."),
        (3.0, 6.5, "If someone online won't leave you alone, you can block them."),
        (6.5, 10.0, "Step one: screenshot the messages. Get their name and the time."),
        (10.0, 13.5, "Step two: tap their name, then the three dots."),
        (13.5, 17.0, "Step three: tap Report and say what happened."),
        (17.0, 20.5, "Step four: tap Block. They can't message you any more."),
        (20.5, 24.0, "Apps move their buttons, so look for the three dots or a flag."),
        (
            24.0,
            28.0,
            "Then tell an adult, or tell the school on this site. You don't have to give your name.",
        ),
    ],
    "transcript": (
        "<p><strong>Sky:</strong> Hi, I'm Sky, one of the Upstander mentors. If someone online "
        "won't leave you alone, you can block them. Step one: screenshot the messages. Get "
        "their name and the time. Step two: tap their name, then the three dots. Step three: "
        "tap Report and say what happened. Step four: tap Block. They can't message you any "
        "more. Apps move their buttons, so look for the three dots or a flag. Then tell an "
        "adult, or tell the school on this site. You don't have to give your name.</p>"
        "<p><em>The video shows Sky's hands on a phone with a made-up chat app. No real "
        "accounts or pupils are shown.</em></p>"
    ),
}

# The podcast is written as (speaker, sentence) cues: the transcript joins a speaker's
# consecutive sentences, and the captions give each sentence its own timed cue.
_PODCAST_LINES = [
    ("Robin", "Hello and welcome to the Upstander podcast."),
    ("Robin", "I'm Robin, I'm in Year 12."),
    ("Amara", "And I'm Amara, I'm in Year 11."),
    (
        "Amara",
        "Today we're talking about what to do when you see someone getting picked on online.",
    ),
    ("Robin", "So, Amara, why this topic?"),
    (
        "Amara",
        "Because when we asked pupils where unkind stuff happens, most of them said group chats.",
    ),
    ("Amara", "And most people in those chats aren't the ones starting it. They're just watching."),
    ("Robin", "The bystanders."),
    ("Amara", "Exactly. And the thing is, online, watching isn't really neutral."),
    ("Amara", "Every laughing emoji or view makes it look like everyone agrees."),
    ("Robin", "I remember being in a chat in Year 9 where someone's photo got turned into a meme."),
    (
        "Robin",
        "I didn't post anything. But I didn't say anything either, and I felt bad about it for ages.",
    ),
    ("Amara", "I think loads of people have a story like that."),
    ("Robin", "So what could I have done?"),
    ("Amara", "The easiest thing is just don't join in. Don't react, don't forward it."),
    ("Amara", "Then message the person privately. Something like, saw that, are you OK?"),
    ("Robin", "That sounds small."),
    ("Amara", "It is small, but people who've been bullied say it's the thing they remember."),
    ("Amara", "The worst bit is feeling like nobody's on your side."),
    ("Robin", "What about calling it out in the chat?"),
    ("Amara", "If you feel safe, yes. You don't need a speech. Just, that's not funny, leave it."),
    ("Amara", "But you don't have to. Your safety matters too."),
    ("Robin", "And reporting?"),
    ("Amara", "Report the post to the app. They don't tell people who reported them."),
    (
        "Amara",
        "And tell an adult, or use the report button on this site. You don't have to give your name.",
    ),
    ("Robin", "People worry that's snitching."),
    (
        "Amara",
        "Snitching is getting someone into trouble for fun. Telling is getting someone out of trouble.",
    ),
    ("Robin", "I like that. One more thing: screenshots."),
    ("Amara", "Yes, screenshot it before it gets deleted, with names and times."),
    ("Amara", "Unless it's a nude picture. Never screenshot or forward that. Just tell an adult."),
    ("Robin", "So if you remember one thing from today?"),
    ("Amara", "Don't just scroll past. One kind message can change someone's whole week."),
    (
        "Robin",
        "Thanks, Amara. All the links are in the show notes, and there's Get help now at the top of every page.",
    ),
    ("Robin", "See you next time."),
]


def _podcast_captions(lines, words_per_second=2.6, gap=0.3):
    """Time each sentence by its length, so the generated audio matches a natural pace."""
    cues, start = [], 0.0
    for speaker, sentence in lines:
        length = round(max(2.0, len(sentence.split()) / words_per_second), 1)
        cues.append((round(start, 1), round(start + length, 1), f"{speaker}: {sentence}"))
        start += length + gap
    return cues


def _podcast_transcript(lines):
    """Join each speaker's consecutive sentences into one paragraph."""
    turns = []
    for speaker, sentence in lines:
        if turns and turns[-1][0] == speaker:
            turns[-1][1].append(sentence)
        else:
            turns.append((speaker, [sentence]))
    return "".join(
        f"<p><strong>{speaker}:</strong> {' '.join(sentences)}</p>" for speaker, sentences in turns
    )


PODCAST = {
    "slug": "upstander-podcast-dont-just-scroll-past",
    "hub": "pupils",
    "title": "The Upstander podcast: Don't just scroll past",
    "summary": "Amara and Robin talk about group chats, being a bystander, and the small things that make a big difference when someone is being picked on online.",
    "mentor": "Amara",
    "topics": ["being-a-bystander", "cyberbullying", "reporting-and-keeping-evidence"],
    "audiences": ["pupils"],
    "age_bands": SECONDARY,
    "captions": _podcast_captions(_PODCAST_LINES),
    "transcript": _podcast_transcript(_PODCAST_LINES),
    "show_notes": (
        "<p>Mentors Amara (Year 11) and Robin (Year 12) talk about what to do when you see "
        "someone being picked on in a group chat or a game.</p>"
        "<ul>"
        "<li>Why watching is not neutral online</li>"
        "<li>Four safe things any bystander can do</li>"
        "<li>Telling versus snitching</li>"
        "<li>Screenshots, and the one kind of picture you must never screenshot</li>"
        "</ul>"
        '<p>Read more: <a href="/being-an-upstander/">being an upstander</a>, '
        '<a href="/keeping-evidence-with-screenshots/">keeping evidence with screenshots</a> '
        'and <a href="/when-its-happening-to-a-friend/">when it\'s happening to a friend</a>. '
        'If you need to talk to someone, go to <a href="/get-help/">Get help now</a>.</p>'
    ),
}

SURVEY = {
    "title": "How safe do you feel online?",
    "intro": (
        "This survey is anonymous: we do not ask your name and we cannot tell who filled it "
        "in. It takes about three minutes. Your answers help the mentors and staff decide "
        "what to work on this year. If something is worrying you right now, please do not "
        "wait for a survey: go to Get help now or tell an adult."
    ),
    "questions": [
        {
            "kind": "single",
            "text": "In the last month, has anyone been unkind to you online?",
            "choices": ["No", "Once", "A few times", "Lots of times", "I'd rather not say"],
            "required": True,
        },
        {
            "kind": "multiple",
            "text": "Where have you seen unkind things happen online? Tick all that apply.",
            "choices": [
                "Snapchat",
                "Instagram",
                "TikTok",
                "WhatsApp or other group chats",
                "YouTube",
                "Roblox",
                "Fortnite",
                "Minecraft",
                "Discord",
                "Another game",
                "Somewhere else",
                "I haven't seen anything unkind",
            ],
            "required": False,
        },
        {
            "kind": "scale",
            "text": "How safe do you feel online? 1 means not safe at all, 5 means very safe.",
            "choices": ["1", "2", "3", "4", "5"],
            "required": True,
        },
        {
            "kind": "single",
            "text": "If something went wrong online, would you know how to tell the school?",
            "choices": ["Yes", "I think so", "No"],
            "required": True,
        },
        {
            "kind": "text",
            "text": "Is there anything else you want to tell us, or anything you want the mentors to make a guide about? (Optional. Please do not write anyone's name.)",
            "choices": [],
            "required": False,
        },
    ],
}

POLL = {
    "title": "Question of the week",
    "question": "If you saw someone being picked on in a group chat, what would you most likely do?",
    "choices": [
        "Message them privately to check they're OK",
        "Say something in the chat",
        "Report it to the app",
        "Tell an adult or the school",
        "Nothing, I wouldn't know what to do",
    ],
}
