import type { CueRule } from '../rules';
import type { SentimentLexicon } from '../sentiment';
import { VADER_LEXICON } from './vader-lexicon';

/**
 * Words whose everyday VADER valence misleads in customer service: "please help" and "I'd like"
 * are requests, not warmth; "sorry" from a customer is not sadness; "hold" and "charge" are
 * neutral nouns here. Written for this project.
 */
const SERVICE_OVERRIDES: ReadonlyArray<readonly [string, number]> = [
  ['help', 0],
  ['please', 0],
  ['pls', 0],
  ['plz', 0],
  ['like', 0],
  ['sorry', 0],
  ['hope', 0.6],
  ['ok', 0.3],
  ['okay', 0.3],
  ['yes', 0.6],
  ['no', -0.3],
  ['care', 0],
  ['lol', 0.4],
  ['lmao', 0.4],
  ['wow', 0.4],
  ['true', 0],
  ['free', 0.3],
  ['share', 0],
  ['want', 0],
  ['wish', 0],
  ['united', 0],
  ['virgin', 0],
  ['southwest', 0],
  ['jet', 0],
  ['pretty', 0.3],
  ['well', 0],
  // Names of services and loyalty schemes, not feelings: "customer support", "flight credit",
  // "rewards number", "in-flight entertainment", "you promised".
  ['support', 0],
  ['credit', 0],
  ['reward', 0.3],
  ['rewards', 0.3],
  ['benefit', 0.3],
  ['benefits', 0.3],
  ['bonus', 0.5],
  ['vip', 0.5],
  ['award', 0.5],
  ['entertainment', 0],
  ['promise', 0],
  ['promised', 0],
  ['resolve', 0],
  ['resolved', 0.3],
  ['solve', 0],
  ['chance', 0],
  ['important', 0],
  ['ready', 0.3],
  ['save', 0.5],
  ['saved', 0.5],
  ['comfort', 0.5],
  ['fine', 0.3],
  ['sure', 0.3],
  ['hoping', 0.6],
  ['kind', 1],
  ['delayed', -1.6],
  ['cancelled', -1.8],
  ['canceled', -1.8],
  ['stuck', -1.6],
  ['lost', -1.6],
  ['sucks', -2.2],
  ['suck', -2],
];

/** Service failures VADER does not rate; valences chosen for this project. */
const SERVICE_WORDS: ReadonlyArray<readonly [string, number]> = [
  ['delay', -1.4],
  ['delays', -1.4],
  ['cancellation', -1.4],
  ['cancellations', -1.4],
  ['overbooked', -1.8],
  ['stranded', -2.2],
  ['misconnect', -1.6],
  ['diverted', -1],
  ['missing', -1.2],
  ['damaged', -1.8],
  ['faulty', -1.8],
  ['defective', -1.8],
  ['broke', -1.6],
  ['crashed', -1.6],
  ['crashing', -1.6],
  ['outage', -1.6],
  ['glitch', -1.4],
  ['buggy', -1.6],
  ['overcharged', -2.2],
  ['unhelpful', -2],
  ['incompetent', -2.4],
  ['incompetence', -2.4],
  ['useless', -2.2],
  ['unprofessional', -2.2],
  ['disgraceful', -2.6],
  ['shambles', -2.2],
  ['nightmare', -2.4],
  ['scam', -2.4],
  ['ripoff', -2.2],
  ['overpriced', -1.6],
  ['rude', -2],
  ['dirty', -1.6],
  ['filthy', -2.2],
  ['smelly', -1.6],
  ['cold', -0.4],
  ['late', -1],
  ['later', 0],
  ['slow', -1],
  ['lied', -2],
  ['unreliable', -2],
  ['inconvenience', -1.4],
  ['inconvenienced', -1.6],
  ['frustrating', -2.2],
  ['frustrated', -2.1],
  ['annoyed', -1.8],
  ['disappointing', -2.2],
  ['disappointed', -2.1],
  ['unacceptable', -2.4],
  ['ridiculous', -2],
  ['appalling', -2.6],
  ['shocking', -1.8],
  ['pathetic', -2.4],
  ['joke', -0.6],
  ['worst', -3.1],
  ['wtf', -2.2],
  ['smh', -1.4],
  ['ugh', -1.6],
  ['fml', -2],
  ['grr', -1.6],
  ['thx', 1.6],
  ['thanx', 1.6],
  ['ty', 1.4],
  ['kudos', 2.2],
  ['props', 1.6],
  ['shoutout', 1.6],
  ['lifesaver', 2.4],
  ['legend', 2],
  ['superb', 3],
  ['seamless', 2],
  ['smooth', 1.4],
  ['helpful', 2],
  ['friendly', 2],
  ['courteous', 2],
  ['professional', 1.4],
  ['quick', 0.8],
  ['fast', 0.6],
  ['impressed', 2.2],
  ['recommend', 1.6],
  ['recommended', 1.6],
  ['❤', 2.7],
  ['❤️', 2.7],
  ['😍', 2.9],
  ['😊', 2.2],
  ['🙂', 1.6],
  ['😀', 2.2],
  ['😃', 2.2],
  ['😄', 2.2],
  ['😁', 2.2],
  ['😂', 1],
  ['🤣', 1],
  ['👍', 1.8],
  ['👏', 1.8],
  ['🙌', 2],
  ['🎉', 2],
  ['💯', 1.4],
  ['🥰', 2.9],
  ['😘', 2.4],
  ['💕', 2.6],
  ['💙', 2.4],
  ['🙏', 1],
  ['😡', -2.8],
  ['😠', -2.4],
  ['🤬', -3],
  ['👎', -2],
  ['😢', -2],
  ['😭', -1.8],
  ['💔', -2.4],
  ['😞', -2],
  ['😔', -1.8],
  ['😤', -2],
  ['😒', -1.6],
  ['🙄', -1.6],
  ['😩', -2],
  ['😫', -2],
  ['🤦', -1.8],
  ['🤦‍♂️', -1.8],
  ['🤦‍♀️', -1.8],
  ['😱', -1.4],
];

const parseVader = (): Map<string, number> => {
  const valence = new Map<string, number>();
  for (const line of VADER_LEXICON.split('\n')) {
    const space = line.lastIndexOf(' ');
    valence.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return valence;
};

const buildValence = (): Map<string, number> => {
  const valence = parseVader();
  for (const [word, value] of SERVICE_WORDS) valence.set(word, value);
  for (const [word, value] of SERVICE_OVERRIDES) valence.set(word, value);
  return valence;
};

/** English: VADER's lexicon, its negations and boosters, with the service adjustments above. */
export const ENGLISH_LEXICON: SentimentLexicon = {
  valence: buildValence(),
  negators: new Set([
    'not',
    'no',
    'never',
    'none',
    'nothing',
    'nowhere',
    'neither',
    'nor',
    'nobody',
    'cannot',
    'cant',
    'dont',
    'didnt',
    'doesnt',
    'isnt',
    'wasnt',
    'arent',
    'werent',
    'wont',
    'wouldnt',
    'couldnt',
    'shouldnt',
    'havent',
    'hasnt',
    'hadnt',
    'aint',
    'without',
    'rarely',
    'seldom',
    'despite',
  ]),
  boosters: new Map([
    ['absolutely', 0.293],
    ['amazingly', 0.293],
    ['completely', 0.293],
    ['considerably', 0.293],
    ['deeply', 0.293],
    ['especially', 0.293],
    ['extremely', 0.293],
    ['fucking', 0.293],
    ['hugely', 0.293],
    ['incredibly', 0.293],
    ['most', 0.293],
    ['particularly', 0.293],
    ['really', 0.293],
    ['so', 0.293],
    ['such', 0.293],
    ['super', 0.293],
    ['totally', 0.293],
    ['truly', 0.293],
    ['utterly', 0.293],
    ['very', 0.293],
    ['almost', -0.293],
    ['barely', -0.293],
    ['hardly', -0.293],
    ['slightly', -0.293],
    ['somewhat', -0.293],
    ['kinda', -0.293],
    ['sorta', -0.293],
    ['marginally', -0.293],
  ]),
  contrast: new Set(['but', 'however', 'although', 'though']),
};

const DURATION =
  '(?:\\d+|an?|one|two|three|four|five|six|several|many|multiple|24|48)\\+? ?(?:hours?|hrs?|days?|weeks?|wks?|months?|mins?|minutes?)';
const NEGATED_AUX =
  "(?:not|never|no longer|can't|cant|cannot|couldn't|couldnt|won't|wont|wouldn't|wouldnt|doesn't|doesnt|don't|dont|didn't|didnt|isn't|isnt|aren't|arent|wasn't|wasnt|haven't|havent|hasn't|hasnt|unable to|fails? to|failed to)";
const SERVICE_VERB =
  '(?:work|working|works|load|loading|connect|connecting|log ?in|login|sign ?in|access|open|opening|respond|responding|answer|answering|reply|replying|get through|reach|receive|received|arrive|arrived|deliver|delivered|show up|showed up|refund|refunded|fix|fixed|resolve|resolved|help|helped|helping|book|check ?in|print|play|stream|send|sent|charge|update|call(?:ed)? back|honou?r|process|processed|let me|allow)';
const BRAND_OBJECT =
  '(?:flight|flights|bag|bags|luggage|suitcase|baggage|order|package|parcel|delivery|item|refund|card|account|phone|laptop|router|internet|wifi|service|app|website|site|system|payment|ticket|seat|reservation|booking|car|train|bus|room|food|meal|drink|product|device|tv|cable|connection|signal|email|claim|voucher|money|points|miles|credit)';

/** Phrases that mark a post as a complaint, praise, question, request, spam or urgent. Own work. */
export const ENGLISH_CUES: readonly CueRule[] = [
  // Waiting and chasing: the complaint that carries no negative word.
  {
    kind: 'problem',
    pattern:
      "\\b(?:still|been|keep|kept|i'm|im|am|are|we're|currently)(?: \\w+)? (?:waiting|waited|on hold)\\b",
    valence: -2,
    reason: 'still waiting',
  },
  {
    kind: 'problem',
    pattern: '\\bwaiting (?:for|on) (?:my|our|a|the|an|your)\\b',
    valence: -1.2,
    reason: 'waiting on the brand',
  },
  { kind: 'problem', pattern: '\\b(?:on|put on) hold\\b', valence: -1.4, reason: 'kept on hold' },
  {
    kind: 'problem',
    pattern: `\\b(?:for|over|almost|nearly|about|after|another) ${DURATION}\\b`,
    valence: -1.2,
    reason: 'a long wait',
  },
  {
    kind: 'problem',
    pattern: `\\b${DURATION} (?:late|delay(?:ed)?|wait(?:ing)?|later|on hold|and counting)\\b`,
    valence: -1.6,
    reason: 'a long delay',
  },
  {
    kind: 'problem',
    pattern:
      "\\bstill (?:no|not|nothing|haven't|havent|hasn't|hasnt|can't|cant|waiting|broken|down|missing|on hold)\\b",
    valence: -1.8,
    reason: 'still unresolved',
  },
  {
    kind: 'problem',
    pattern: `\\b${NEGATED_AUX} (?:\\w+ )?(?:even )?${SERVICE_VERB}\\b`,
    valence: -1.6,
    reason: 'something does not work',
  },
  {
    kind: 'problem',
    pattern:
      "\\b(?:never|haven't|havent|hasn't|hasnt|didn't|didnt|not yet|yet to) (?:\\w+ )?(?:received|receive|arrived|got|gotten|heard back|heard|delivered|shipped|came|come|been refunded|refunded|credited|responded|replied|called)\\b",
    valence: -1.8,
    reason: 'never received',
  },
  {
    kind: 'problem',
    pattern: "\\b(?:where(?:'s| is| are)|what happened to|what about) (?:my|our|the)\\b",
    valence: -1.2,
    reason: 'asks where their order is',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:stopped|quit|stops) (?:working|loading|charging|responding)\\b|\\bkeeps? (?:crashing|freezing|dropping|failing|cutting|disconnecting|buffering|saying|asking|telling|charging|happening|getting)\\b',
    valence: -1.8,
    reason: 'keeps failing',
  },
  {
    kind: 'problem',
    pattern: `\\b(?:lost|damaged|broken|missing|wrong|cancell?ed|delayed|stolen|late|cold|dirty|empty) ${BRAND_OBJECT}\\b`,
    valence: -1.2,
    reason: 'a damaged, lost or wrong item',
  },
  {
    kind: 'problem',
    pattern: `\\b(?:my|our|the) ${BRAND_OBJECT} (?:is|was|has been|got|are|were|have been|has|keeps?)? ?(?:still )?(?:lost|damaged|broken|missing|cancell?ed|delayed|late|stuck|down|dead|wrong|gone|overbooked|declined|rejected|blocked|locked|suspended|frozen|not)\\b`,
    valence: -1.2,
    reason: 'their item or service failed',
  },
  {
    kind: 'problem',
    pattern: "\\b(?:is|are|'s|went|goes|been|gone) (?:down|offline|out)\\b(?! to| for| here| with)",
    valence: -1.4,
    reason: 'service down',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:double|over|wrongly|incorrectly) ?charged\\b|\\bcharged (?:me )?(?:twice|again|for nothing|extra)\\b|\\bhidden (?:fees?|charges?)\\b',
    valence: -2,
    reason: 'charged wrongly',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:want|need|demand|asking for|waiting for|where is) (?:my|a|the) (?:money|refund|compensation)\\b|\\b(?:money|refund) back\\b',
    valence: -1.4,
    reason: 'wants their money back',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:no|zero|without any|not a single|not one) (?:response|reply|answer|help|update|updates|info|information|explanation|apology|communication|call back|callback|email|notification|refund|compensation|one|wifi|power|signal|service|food|water|seats?|staff|agents?)\\b',
    valence: -1.6,
    reason: 'no response or service',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:nobody|no one|noone) (?:\\w+ )?(?:help|helps|answer|answers|cares|knows|responds|responded|called|told|is)\\b',
    valence: -1.6,
    reason: 'nobody helps',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:hung up|hang up|disconnected|transferred (?:me )?(?:\\d+|three|four|five|several|multiple) times|bounced around|run ?around|runaround|passed around)\\b',
    valence: -1.8,
    reason: 'passed around by support',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:yet again|once again|again\\?|again!|every (?:single )?time|every day|third time|3rd time|second time|2nd time|(?:\\d|two|three|four|five) times now)\\b',
    valence: -1.2,
    reason: 'a repeated failure',
  },
  {
    kind: 'problem',
    pattern:
      "\\bwhy (?:is|isn't|are|aren't|do|does|doesn't|did|didn't|can't|cant|won't|wont|would|has|hasn't|have|haven't|was|were|should|must|am i|the hell|on earth)\\b",
    valence: -1,
    reason: 'asks why something went wrong',
  },
  {
    kind: 'problem',
    pattern:
      '\\bhow (?:long|many (?:more )?times|hard|difficult|much longer|is it possible|can you|could you|do you expect|dare)\\b',
    valence: -0.8,
    reason: 'asks how long or how often',
  },
  {
    kind: 'problem',
    pattern:
      "\\b(?:what(?:'s| is) going on|what the (?:hell|heck|fuck)|seriously\\?|are you (?:serious|kidding|joking)|you(?:'re| are) kidding|come on)\\b",
    valence: -1.8,
    reason: 'exasperation',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:not|never) (?:happy|impressed|pleased|satisfied|acceptable|good enough|ok|okay|fair|right|cool|helpful|the first time)\\b',
    valence: -1.4,
    reason: 'not satisfied',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:waste|wasted|wasting) (?:of )?(?:my |our )?(?:time|money|day|hours?|evening|weekend|holiday|vacation)\\b',
    valence: -2,
    reason: 'wasted time or money',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:missed|miss|missing) (?:my|our|the) (?:connection|connecting|flight|meeting|appointment|wedding|funeral|event|train)\\b',
    valence: -1.8,
    reason: 'missed a connection',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:error|errors|bug|bugs|issue|issues|problem|problems|trouble|fault|glitch)(?: with| on| in| again|s)?\\b',
    valence: -0.6,
    reason: 'reports an issue',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:locked out|kicked off|bumped|denied boarding|turned away|refused|declined|rejected|suspended|blocked|banned|cut off)\\b',
    valence: -1.4,
    reason: 'refused or locked out',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:false advertising|misleading|misled|lied to|lying|bait and switch|false promises?)\\b',
    valence: -2,
    reason: 'misled',
  },
  {
    kind: 'problem',
    pattern:
      '\\b(?:fix (?:this|it|your)|sort (?:it|this) out|do better|get (?:it|your act) together|step up|be ashamed|shame on you)\\b',
    valence: -1.6,
    reason: 'demands a fix',
  },
  {
    kind: 'problem',
    pattern:
      "\\b(?:doesn't|doesnt|don't|dont|didn't|didnt|won't|wont|not) (?:even )?(?:care|bother|listen)\\b",
    valence: -1.8,
    reason: 'feels ignored',
  },
  {
    kind: 'problem',
    pattern: '\\b(?:ignored|ignoring|no show|no-show|left us|left me|abandoned)\\b',
    valence: -1.6,
    reason: 'ignored or abandoned',
  },
  // Weak evidence: each alone is ordinary speech, two together (or with any negativity) rarely are.
  {
    kind: 'hint',
    pattern:
      '\\b(?:since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last|this morning|the update|\\d)|(?:hours?|days?|weeks?|months?) ago|so far|no longer|any ?more|yesterday|last night|this morning|all day|all night|tonight|overnight)\\b',
    valence: -0.3,
    reason: 'how long it has lasted',
  },
  {
    kind: 'hint',
    pattern:
      "\\b(?:was told|were told|i was promised|promised|supposed to|should have|should've|paid for|i paid|we paid|had to|have to pay|forced to|tried to|trying to|tried|asked for|requested|filed|submitted|reported|complained|complaint|complain|even though|only to|instead of|at least|apparently|yet|again|anymore|still)\\b",
    valence: -0.4,
    reason: 'expectations not met',
  },
  {
    kind: 'hint',
    pattern:
      '\\b(?:randomly|crash(?:es)?|freez(?:es|ing)|froze|lag(?:gy|ging)?|drop(?:s|ped|ping)|reset|reboot(?:ed)?|restart(?:ed)?|fails?|failed|failure|out of stock|sold out|tracking|rebooked|standby|tarmac|sitting (?:on|at|in)|sat (?:on|at|in)|gate|hold music|queue|chargers?|bill(?:ed|ing)?|fees?)\\b|[$£€]\\d',
    valence: -0.3,
    reason: 'a service situation that often goes wrong',
  },
  {
    kind: 'hint',
    pattern:
      "\\b(?:can't|cant|cannot|won't|wont|didn't|didnt|doesn't|doesnt|don't|dont|isn't|isnt|wasn't|wasnt|aren't|arent|haven't|havent|hasn't|hasnt|never|nothing|nobody|unable)\\b",
    valence: -0.3,
    reason: 'something is not happening',
  },
  {
    kind: 'problem',
    pattern:
      "\\b(?:would be (?:nice|great|good|helpful|lovely) if|it'd be (?:nice|great) if|(?:need|needs|have|has) to do better|could (?:do|be) (?:a lot |much |way )?better|(?:expect(?:ed)?|deserve) better|expected more|used to (?:be|love|like)|hope (?:you|this|it|they) (?:gets?|is|are) (?:fixed|sorted|resolved)|funny how|interesting how|nice to see|thanks for letting me know)\\b",
    valence: -1.4,
    reason: 'a hint that service fell short',
  },
  {
    kind: 'problem',
    pattern:
      "\\b(?:forgot|forgotten|forgetting|mistake|mix ?up|mixed up|messed up|mess up|screwed up|botched|ripped|torn|stain(?:ed|s)?|shrunk|fell apart|came apart|falling apart|flimsy|raw|undercooked|stale|mou?ldy|expired|overdraft|throttl(?:ed|ing)|dropped calls?|dropping calls|no (?:signal|coverage|bars|internet|connection|service)|cracked|overheat(?:ed|ing|s)|won't (?:boot|turn on|start|charge)|wont (?:boot|turn on|start|charge)|blue screen|dead on arrival|doa|hassle|headache|inconvenient|infuriating|irritating|annoying|upset|angry|furious|livid|unhappy|mediocre|subpar|sub-par|inadequate|poor(?:ly)?)\\b",
    valence: -1.2,
    reason: 'a fault or failure',
  },
  {
    kind: 'problem',
    pattern:
      '\\byou(?: guys| people| lot)? (?:have|had|just|really|seriously|still|always|never|keep|kept|lost|charged|sent|told|said|cancell?ed|changed|made|took|ruined|broke|messed|screwed|failed|forgot|refuse|refused|overcharged|hung up|ignored|blocked)\\b',
    valence: -0.8,
    reason: 'holds the brand responsible',
  },
  { kind: 'problem', pattern: '\\?!|!\\?', valence: -1.2, reason: 'exasperated question' },
  // Sarcasm: praise words next to a problem.
  {
    kind: 'sarcasm',
    pattern:
      '\\b(?:thanks|thank you) for (?:nothing|the (?:delay|wait|runaround)|ruining|making me|losing|cancell?ing|wasting|charging)\\b',
    valence: -3.4,
    reason: 'sarcastic thanks',
  },
  {
    kind: 'sarcasm',
    pattern:
      '\\b(?:great|good|nice|fantastic|brilliant|awesome|wonderful|amazing|stellar) (?:job|work|going|service|one)\\b|\\bway to go\\b|\\bso much for\\b|\\b(?:love|loving|gotta love) (?:how|that|it when|when|the fact)\\b|\\bjust (?:great|perfect|wonderful|brilliant|fantastic|lovely)\\b|\\bthanks a lot\\b|\\bperfect timing\\b|\\bclassic\\b',
    valence: -2.6,
    reason: 'ironic praise',
  },
  // Venting: strong emotion with nothing to act on.
  {
    kind: 'vent',
    pattern:
      '\\b(?:i hate|hate you|hate this|fuck|fucking|shit|shitty|crap|crappy|bullshit|damn|wtf|ffs|smh|ugh|rant|worst (?:airline|company|service|experience|customer service) ever|never again|sick of|sick and tired|fed up|had enough|done with you|so done)\\b',
    valence: -1,
    reason: 'venting',
  },
  // Praise that means it.
  {
    kind: 'praise',
    pattern:
      "\\b(?:thank you|thanks|thank u|thx|ty|cheers|kudos|props|shout ?out|hats off|well done|great job|good job|nice job|appreciate|appreciated|grateful|brilliant service|excellent service|great service|amazing service|great experience|made my day|above and beyond|went out of (?:his|her|their|your) way|best (?:airline|company|service|customer service|crew|staff|team)|love (?:you|this|it|the|my|your|flying)|you rock|you guys rock|you're the best|youre the best|a\\+ service|10/10)\\b",
    valence: 0.6,
    reason: 'praise',
  },
  {
    kind: 'praise',
    pattern:
      "\\b(?:can't wait|cant wait|cannot wait|looking forward|so excited|so happy|so glad|so proud|best day|dream come true)\\b",
    valence: 1.6,
    reason: 'looking forward',
  },
  // Questions and requests.
  {
    kind: 'question',
    pattern:
      '^ (?:can|could|do|does|did|is|are|was|were|will|would|should|may|how|what|when|where|which|who|whom|whose|any|anyone|has|have|is there|are there)\\b|\\b(?:any (?:idea|update|news|word|info)|wondering|wondered|i was wondering|do you know|can you tell me|is it possible|what time|how do i|how can i|how long|when will|when is|when does|where can)\\b',
    reason: 'a question',
  },
  {
    kind: 'request',
    pattern:
      "\\b(?:please|pls|plz|kindly|can you|could you|would you|can someone|could someone|i need|we need|need help|help me|help us|dm me|dm us|message me|email me|call me|contact me|get back to me|let me know|send me|i'd like|i would like|i want to|change my|cancel my|refund my|rebook|reschedule|look into|follow up|escalate|speak to|talk to|reach out)\\b",
    reason: 'a request',
  },
  // Spam and bait.
  {
    kind: 'spam',
    pattern:
      '\\b(?:follow (?:me|back|4 follow|for follow)|f4f|check out my|click (?:here|the link|link in bio)|link in bio|giveaway|win (?:a|an|free)|free (?:followers|iphone|gift ?card|money)|earn \\$|make money|work from home|promo code|discount code|use code|crypto|bitcoin|forex|onlyfans|dm (?:me )?for (?:promo|collab|rates)|buy followers|cheap followers|sub4sub)\\b',
    reason: 'promotion or bait',
  },
  // Urgency.
  {
    kind: 'urgency',
    urgency: 'safety',
    pattern:
      '\\b(?:injur(?:ed|y|ies)|hurt|bleeding|blood|ambulance|hospital(?:ised|ized)?|fire|smoke|burn(?:ed|t|s)|explod(?:ed|ing)|exploded|allerg(?:y|ic|ies)|anaphyla\\w*|epipen|food poisoning|poison(?:ed|ing)?|chok(?:ed|ing)|unsafe|dangerous|danger|hazard(?:ous)?|carbon monoxide|gas leak|electric(?:al)? shock|sparks?|overheat(?:ed|ing|s)?|emergency|assault(?:ed)?|harass(?:ed|ment|ing)|threatened|attacked|molest(?:ed)?|unsupervised minor|suicid(?:e|al)|self[- ]harm|collapsed|unconscious|seizure|heart attack|stranded (?:with|overnight)|medication|insulin)\\b',
    reason: 'safety risk',
  },
  {
    kind: 'urgency',
    urgency: 'legal',
    pattern:
      '\\b(?:lawyers?|attorneys?|solicitors?|sue|suing|sued|lawsuit|legal action|take (?:you|this) to court|court|small claims|class action|trading standards|ombudsman|regulator|fcc|ftc|faa|dot complaint|department of transportation|cfpb|ofcom|ofgem|better business bureau|bbb|chargeback|report(?:ing)? you to|attorney general|consumer protection)\\b',
    reason: 'legal threat',
  },
  {
    kind: 'urgency',
    urgency: 'churn',
    pattern:
      "\\b(?:cancel(?:l?ing)? my (?:account|subscription|membership|service|contract|plan|card|order)|clos(?:e|ing) my account|switch(?:ing)? (?:to|providers|carriers|airlines|banks)|mov(?:e|ing) (?:to|my business)|never (?:fly(?:ing)?|use|using|buy(?:ing)?|shop(?:ping)?|order(?:ing)?|book(?:ing)?|stay(?:ing)?|travel(?:l?ing)?) (?:with )?(?:you|again|\\w+ again)|never again|last time i (?:fly|use|buy|order|book|shop)|taking my (?:business|money) elsewhere|lost (?:a|another|my|your) (?:customer|business)|goodbye|find (?:a|another) (?:provider|airline|bank|company)|done with (?:you|your|this)|leaving (?:you|for)|won't be (?:back|flying|using|returning)|will not be (?:back|flying|using|returning))\\b",
    reason: 'threatens to leave',
  },
  {
    kind: 'urgency',
    urgency: 'outage',
    pattern:
      "\\b(?:outage|outages|(?:is|are|'s|site|app|website|service|system|systems|network|servers?|internet|wifi) (?:is |are )?(?:down|offline)|not loading|won't load|wont load|can't log ?in|cant log ?in|nobody can|no one can|anyone else (?:having|getting|seeing|can't|cant)|is it just me|everyone (?:is|can't|cant)|all (?:flights|trains|customers|users|stores)|nationwide|system (?:failure|error|issue|issues|problem|glitch)|computer (?:failure|glitch|outage|issue)|50[023] error|error 50[023]|mass cancell?ations?)\\b",
    reason: 'outage or widespread failure',
  },
  {
    kind: 'urgency',
    urgency: 'privacy',
    pattern:
      '\\b(?:hacked|breach(?:ed)?|data leak|leaked (?:my|our)|my (?:personal )?(?:data|details|information|info) (?:was|were|has|have|is|got)|personal (?:data|information|details|info)|privacy|identity theft|phishing|fraud(?:ulent)? (?:charges?|transactions?|activity)|unauthori[sz]ed (?:charges?|access|transactions?|payments?)|someone (?:logged|accessed|used|hacked) (?:into )?my|compromised|gdpr|stolen (?:card|identity|account|details))\\b',
    reason: 'privacy or security',
  },
  {
    kind: 'urgency',
    urgency: 'press',
    pattern:
      '\\b(?:journalist|reporter|editor|writing (?:a|an) (?:piece|story|article)|for (?:a|an|my|our) (?:story|article|piece|segment)|press (?:inquiry|enquiry|office|team)|media (?:inquiry|enquiry)|for comment|on the record|going viral|gone viral|my (?:followers|audience|viewers|subscribers|readers)|news (?:desk|team|station)|bbc|cnn|nbc|abc news|fox news|tv station|my blog|our newsroom|podcast)\\b',
    reason: 'press or public attention',
  },
];
