import { DateTime } from 'luxon';
import type { Db } from '../src/db/connection.ts';
import { ZONE, nowIso, todayOf, type Clock } from '../src/clock.ts';
import { addDays, nonWorkingDayName, swedishHolidays } from '../src/deadlines/calendar.ts';
import type { ActionStatus } from '../src/actions/action.ts';
import type { FineStatus, MatterKind } from '../src/matters/matter.ts';
import { ROLE_LABEL, type Role } from '../src/users/roles.ts';
import { createUser, findActiveUser } from '../src/users/users.service.ts';
import { uploadAttachment } from '../src/attachments/attachments.service.ts';
import PDFDocument from 'pdfkit';

// Fictional demo data for "Exempelkommun". Every date is relative to the clock's today, so the
// demo always shows overdue actions, deadlines coming up and a svarsdatum that has passed.
// Scripts may write SQL; the app itself goes through the repositories.

export const DEMO_PASSWORD = 'demo-losenord-2026';

type PersonKey =
  'admin' | 'director' | 'secretary' | 'childrenManager' | 'adultsManager' | 'benefitsManager' | 'reader';

interface DemoUser {
  key: PersonKey;
  role: Role;
  email: string;
  name: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'admin', role: 'admin', email: 'admin@exempelkommun.se', name: 'Sara Holm' },
  { key: 'director', role: 'director', email: 'forvaltningschef@exempelkommun.se', name: 'Maria Lindgren' },
  { key: 'secretary', role: 'secretary', email: 'namndsekreterare@exempelkommun.se', name: 'Johan Ek' },
  { key: 'childrenManager', role: 'manager', email: 'chef.barn@exempelkommun.se', name: 'Anna Berg' },
  { key: 'adultsManager', role: 'manager', email: 'chef.vuxen@exempelkommun.se', name: 'Erik Sandström' },
  { key: 'benefitsManager', role: 'manager', email: 'chef.ekonomi@exempelkommun.se', name: 'Leila Haddad' },
  { key: 'reader', role: 'reader', email: 'lasare@exempelkommun.se', name: 'Per Nilsson' },
];

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
  name: string;
}

type CommitteeKey = 'sn' | 'asn';

const COMMITTEES: Record<CommitteeKey, { name: string; administration: string }> = {
  sn: { name: 'Socialnämnden', administration: 'Socialförvaltningen' },
  asn: { name: 'Arbetsmarknads- och socialnämnden', administration: 'Arbetsmarknadsförvaltningen' },
};

interface FindingSpec {
  key: string;
  title: string;
  description: string;
  /** False when IVO (or the auditors) only "skickar med" the point. */
  responseRequired?: false;
}

interface MatterSpec {
  committee: CommitteeKey;
  kind: MatterKind;
  title: string;
  unit: string;
  /** "{år}" stands for the year of the decision. */
  ivoReference?: string;
  ownReference: string;
  decidedDaysAgo: number;
  /** Days from today; negative when the svarsdatum has passed. */
  respondIn?: number;
  fine?: { status: FineStatus; amount: number; finalDaysAgo?: number };
  followUpIn?: number;
  legalBasis: string;
  description: string;
  closed?: { daysAgo: number; note: string };
  findings: FindingSpec[];
}

const MATTERS: MatterSpec[] = [
  {
    committee: 'sn',
    kind: 'ivo_supervision',
    title: 'Handläggning och dokumentation av utredningar',
    unit: 'Barn och unga – myndighetsutövning',
    ivoReference: '8.5-12345/{år}',
    ownReference: 'SN {år}/123',
    decidedDaysAgo: 45,
    respondIn: 21,
    legalBasis: '2 kap. 1 § socialtjänstlagen (2025:400)',
    description:
      'IVO har granskat handläggning och dokumentation av barnavårdsutredningar och funnit brister i utredningstider och dokumentation. Nämnden ska redovisa vidtagna åtgärder.',
    findings: [
      {
        key: 'tillsyn.tider',
        title: 'Utredningstiden på fyra månader överskrids i en stor andel av utredningarna',
        description: 'I granskade akter överskreds utredningstiden utan att beslut om förlängning fattats.',
      },
      {
        key: 'tillsyn.bedomning',
        title: 'Bedömningar och ställningstaganden dokumenteras inte i tillräcklig omfattning',
        description: 'Det framgår inte alltid av utredningen hur nämnden har kommit fram till sitt ställningstagande.',
      },
      {
        key: 'tillsyn.journal',
        title: 'Kontakter med barnet och vårdnadshavarna journalförs inte löpande',
        description: 'Journalanteckningar görs i flera fall långt efter kontakten.',
      },
      {
        key: 'tillsyn.forhand',
        title: 'Rutinen för förhandsbedömning är inte uppdaterad',
        description: 'IVO kräver ingen redovisning av denna punkt utan skickar med den till nämnden.',
        responseRequired: false,
      },
    ],
  },
  {
    committee: 'sn',
    kind: 'ivo_supervision',
    title: 'Föreläggande: förhandsbedömningar och skyndsam inledning av utredning',
    unit: 'Barn och unga – mottagning',
    ivoReference: '8.5-04567/{år}',
    ownReference: 'SN {år}/311',
    decidedDaysAgo: 75,
    respondIn: 35,
    fine: { status: 'ordered', amount: 600000, finalDaysAgo: 50 },
    followUpIn: 90,
    legalBasis: 'Socialtjänstlagen (2025:400); lag (1985:206) om viten',
    description:
      'IVO förelägger nämnden vid vite att säkerställa att förhandsbedömningar görs inom fjorton dagar och att utredning inleds utan dröjsmål.',
    findings: [
      {
        key: 'vite.fjorton',
        title: 'Förhandsbedömningar görs inte inom fjorton dagar',
        description:
          'Av granskade orosanmälningar bedömdes en betydande andel senare än fjorton dagar efter att de kom in.',
      },
      {
        key: 'vite.skydd',
        title: 'Utredning inleds inte utan dröjsmål när skyddsbehov finns',
        description: 'Skyddsbedömningar har inte dokumenterats samma dag som anmälan kom in.',
      },
    ],
  },
  {
    committee: 'sn',
    kind: 'ivo_supervision',
    title: 'Uppföljande tillsyn av familjehemsvården',
    unit: 'Barn och unga – familjehem',
    ivoReference: '8.5-23456/{år}',
    ownReference: 'SN {år}/402',
    decidedDaysAgo: 32,
    respondIn: 10,
    fine: { status: 'risk', amount: 400000 },
    legalBasis: 'Socialtjänstlagen (2025:400)',
    description:
      'Uppföljning av tidigare tillsyn. IVO anger att ett föreläggande med vite kan bli aktuellt om bristerna kvarstår.',
    findings: [
      {
        key: 'familjehem.besok',
        title: 'Placerade barn besöks inte i den omfattning som krävs',
        description: 'Flera barn har inte haft besök av sin socialsekreterare under det senaste halvåret.',
      },
      {
        key: 'familjehem.planer',
        title: 'Vårdplaner och genomförandeplaner saknas eller är inaktuella',
        description: 'Planerna har inte uppdaterats när förutsättningarna för placeringen ändrats.',
      },
      {
        key: 'familjehem.stod',
        title: 'Stödet till familjehemmen bör utvecklas',
        description: 'IVO skickar med punkten utan krav på redovisning.',
        responseRequired: false,
      },
    ],
  },
  {
    committee: 'sn',
    kind: 'lex_sarah_investigation',
    title: 'Lex Sarah-utredning: dokumentation vid akut placering',
    unit: 'Barn och unga – socialjour',
    ownReference: 'SN {år}/045',
    decidedDaysAgo: 25,
    legalBasis: 'Bestämmelserna om lex Sarah i socialtjänstlagen (2025:400)',
    description:
      'Utredningen visar ett missförhållande som inte bedöms som allvarligt. Handlingsplan med åtgärder har tagits fram.',
    findings: [
      {
        key: 'jour.bedomning',
        title: 'Relevanta bedömningar dokumenterades inte vid akut placering',
        description: 'Skälen för placeringen framgick inte av dokumentationen.',
      },
      {
        key: 'jour.overlamning',
        title: 'Överlämningen mellan socialjouren och ordinarie handläggare saknade rutin',
        description: 'Information nådde inte ansvarig handläggare förrän flera dagar senare.',
      },
    ],
  },
  {
    committee: 'sn',
    kind: 'internal_control',
    title: 'Egenkontroll av utredningstider och journalföring',
    unit: 'Barn och unga – myndighetsutövning',
    ownReference: 'SN {år}/012',
    decidedDaysAgo: 70,
    legalBasis: 'Nämndens internkontrollplan',
    description: 'Årlig egenkontroll enligt internkontrollplanen.',
    findings: [
      {
        key: 'egen.tider',
        title: 'Andelen utredningar som avslutas inom fyra månader har minskat',
        description: 'Jämfört med föregående år har andelen minskat tydligt.',
      },
      {
        key: 'egen.journal',
        title: 'Journalanteckningar förs in senare än rutinen anger',
        description: 'Stickprov visar att rutinens tidsgräns ofta överskrids.',
      },
    ],
  },
  {
    committee: 'sn',
    kind: 'ivo_supervision',
    title: 'Tillsyn av handläggningen inom familjerätten',
    unit: 'Familjerätt',
    ivoReference: '8.5-34567/{år}',
    ownReference: 'SN {år}/210',
    decidedDaysAgo: 400,
    respondIn: -330,
    legalBasis: 'Socialtjänstlagen och föräldrabalken',
    description: 'IVO granskade hur familjerätten lämnar snabbupplysningar och dokumenterar samarbetssamtal.',
    closed: {
      daysAgo: 60,
      note: 'IVO avslutar ärendet efter nämndens redovisning. IVO skickar med att rutinen för snabbupplysningar bör följas upp i egenkontrollen.',
    },
    findings: [
      {
        key: 'famrätt.snabb',
        title: 'Snabbupplysningar till tingsrätten lämnades inte i tid',
        description: 'Flera upplysningar lämnades efter tingsrättens tidsfrist.',
      },
      {
        key: 'famrätt.samtal',
        title: 'Samarbetssamtal dokumenterades inte',
        description: 'Det saknades anteckningar om genomförda samarbetssamtal.',
      },
    ],
  },
  {
    committee: 'asn',
    kind: 'lex_sarah_report',
    title: 'Lex Sarah-anmälan: utebliven samordning vid samsjuklighet',
    unit: 'Vuxen – beroende och psykisk ohälsa',
    ivoReference: '3.1-23456/{år}',
    ownReference: 'ASN {år}/078',
    decidedDaysAgo: 24,
    legalBasis: 'Bestämmelserna om lex Sarah i socialtjänstlagen (2025:400)',
    description: 'Missförhållandet bedömdes som allvarligt och anmäldes till IVO efter beslut i nämnden.',
    findings: [
      {
        key: 'sarah.samverkan',
        title: 'Samverkan med regionen vid samsjuklighet fungerade inte',
        description: 'Ingen samordnad planering gjordes trots att behovet var känt.',
      },
      {
        key: 'sarah.behov',
        title: 'Den enskildes samlade behov bedömdes inte',
        description: 'Insatserna bedömdes var för sig och inte utifrån hela situationen.',
      },
    ],
  },
  {
    committee: 'asn',
    kind: 'lex_sarah_investigation',
    title: 'Lex Sarah-utredning: dröjsmål i handläggningen av ekonomiskt bistånd',
    unit: 'Ekonomiskt bistånd',
    ownReference: 'ASN {år}/031',
    decidedDaysAgo: 35,
    legalBasis: 'Bestämmelserna om lex Sarah i socialtjänstlagen (2025:400)',
    description:
      'Utredningen visar att ansökningar handlades för sent under semesterperioden. Missförhållandet bedöms inte som allvarligt.',
    findings: [
      {
        key: 'bistand.dröjsmål',
        title: 'Ansökningar handlades inte inom utlovad tid under semesterperioden',
        description: 'Väntetiden till första beslut var i vissa fall över tre veckor.',
      },
      {
        key: 'bistand.bemanning',
        title: 'Bemanningsplaneringen tog inte hänsyn till ärendemängden',
        description: 'Semesterplaneringen utgick från antal medarbetare, inte från antal ärenden.',
      },
    ],
  },
  {
    committee: 'asn',
    kind: 'ivo_complaint',
    title: 'Klagomål på handläggningen av ekonomiskt bistånd',
    unit: 'Ekonomiskt bistånd',
    ivoReference: '8.3-45678/{år}',
    ownReference: 'ASN {år}/455',
    decidedDaysAgo: 40,
    respondIn: -5,
    legalBasis: 'Förvaltningslagen (2017:900) och socialtjänstlagen (2025:400)',
    description: 'IVO har utrett ett klagomål och begär att nämnden redovisar vilka åtgärder som vidtas.',
    findings: [
      {
        key: 'klagomal.motivering',
        title: 'Beslut om avslag har inte motiverats',
        description: 'Besluten saknade skäl som gjorde det möjligt att förstå bedömningen.',
      },
      {
        key: 'klagomal.overklagande',
        title: 'Underrättelse om hur beslutet överklagas saknades',
        description: 'Överklagandehänvisning fanns inte med i beslutsbrevet.',
      },
      {
        key: 'klagomal.kommunikation',
        title: 'Den sökande fick inte ta del av uppgifter före beslut',
        description: 'Uppgifter från annan myndighet kommunicerades inte innan beslutet fattades.',
      },
      {
        key: 'klagomal.bemotande',
        title: 'Tillgängligheten per telefon bör ses över',
        description: 'IVO skickar med punkten utan krav på redovisning.',
        responseRequired: false,
      },
    ],
  },
  {
    committee: 'asn',
    kind: 'revision',
    title: 'Granskning av intern kontroll inom ekonomiskt bistånd',
    unit: 'Ekonomiskt bistånd',
    ownReference: 'ASN {år}/402',
    decidedDaysAgo: 90,
    respondIn: 28,
    legalBasis: 'Kommunallagen (2017:725), revisionens granskning',
    description: 'Kommunens revisorer har granskat nämndens interna kontroll och begär yttrande med åtgärder.',
    findings: [
      {
        key: 'revision.risk',
        title: 'Internkontrollplanen saknar en riskanalys',
        description: 'Kontrollmomenten är inte kopplade till identifierade risker.',
      },
      {
        key: 'revision.uppfoljning',
        title: 'Beviljat bistånd följs inte upp systematiskt',
        description: 'Det saknas rutin för att följa upp beslut om bistånd över tid.',
      },
      {
        key: 'revision.etjanst',
        title: 'E-tjänst för ansökan om ekonomiskt bistånd bör övervägas',
        description: 'Revisorerna skickar med punkten utan krav på svar.',
        responseRequired: false,
      },
    ],
  },
];

interface ActionSpec {
  title: string;
  description?: string;
  findings: string[];
  owner: PersonKey;
  /** Days from today, or the next allmän helgdag after today. */
  due: number | 'next-holiday';
  status: ActionStatus;
  /** Statuses passed through before the current one (not_started is always first). */
  via?: ActionStatus[];
  /** One comment per status update, overriding the defaults. */
  comments?: string[];
}

const ACTIONS: ActionSpec[] = [
  // Socialnämnden: IVO-tillsyn of utredningar
  {
    title: 'Införa checklista för utredningstider',
    findings: ['tillsyn.tider'],
    owner: 'childrenManager',
    due: 9,
    status: 'in_progress',
  },
  {
    title: 'Veckovis uppföljning av pågående utredningar i arbetsledningen',
    findings: ['tillsyn.tider'],
    owner: 'childrenManager',
    due: 30,
    status: 'in_progress',
  },
  {
    title: 'Förstärka utredningsgruppen med två visstidsanställda socionomer',
    findings: ['tillsyn.tider'],
    owner: 'director',
    due: -6,
    status: 'not_started',
  },
  {
    title: 'Säkerställa att relevanta bedömningar dokumenteras',
    findings: ['tillsyn.bedomning'],
    owner: 'childrenManager',
    due: 5,
    status: 'in_progress',
  },
  {
    title: 'Kompetensutveckling i dokumentation för nyanställda',
    findings: ['tillsyn.bedomning', 'tillsyn.journal'],
    owner: 'childrenManager',
    due: 45,
    status: 'not_started',
  },
  {
    title: 'Ta fram mall för bedömning och ställningstagande i utredningar',
    findings: ['tillsyn.bedomning'],
    owner: 'childrenManager',
    due: -20,
    status: 'done',
    comments: [
      'Arbetsgrupp med tre socialsekreterare har börjat ta fram mallen.',
      'Mallen är klar och inlagd i verksamhetssystemet.',
    ],
  },
  {
    title: 'Journalgranskning av tio slumpvis utvalda akter per månad',
    findings: ['tillsyn.journal', 'tillsyn.bedomning'],
    owner: 'director',
    due: 60,
    status: 'not_started',
  },
  {
    title: 'Gå igenom journalföringsrutinen på arbetsplatsträff',
    findings: ['tillsyn.journal'],
    owner: 'childrenManager',
    due: -12,
    status: 'done',
  },
  {
    title: 'Revidera rutinen för förhandsbedömning',
    findings: ['tillsyn.forhand'],
    owner: 'childrenManager',
    due: 90,
    status: 'not_started',
  },
  {
    title: 'Införa påminnelse i verksamhetssystemet när utredningstiden närmar sig fyra månader',
    findings: ['tillsyn.tider'],
    owner: 'director',
    due: 20,
    status: 'cancelled',
    via: ['in_progress'],
    comments: [
      'Beställning skickad till leverantören.',
      'Avbryts: leverantören kan inte leverera funktionen i år. Checklistan för utredningstider ersätter den.',
    ],
  },
  {
    title: 'Utvärdera effekten av checklistan för utredningstider',
    findings: ['tillsyn.tider'],
    owner: 'childrenManager',
    due: 'next-holiday',
    status: 'not_started',
  },

  // Socialnämnden: föreläggande med vite
  {
    title: 'Införa daglig genomgång av inkomna orosanmälningar i mottagningsgruppen',
    findings: ['vite.fjorton'],
    owner: 'childrenManager',
    due: -30,
    status: 'done',
  },
  {
    title: 'Avsätta en handläggare per dag för skyddsbedömningar',
    findings: ['vite.skydd'],
    owner: 'childrenManager',
    due: -10,
    status: 'done',
  },
  {
    title: 'Månatlig rapport till nämnden om tider för förhandsbedömning',
    findings: ['vite.fjorton'],
    owner: 'director',
    due: 10,
    status: 'in_progress',
  },
  {
    title: 'Rekrytera två socialsekreterare till mottagningsgruppen',
    findings: ['vite.fjorton', 'vite.skydd'],
    owner: 'director',
    due: -3,
    status: 'in_progress',
    comments: ['Annonsen är publicerad. Intervjuer planeras.'],
  },
  {
    title: 'Rutin för omedelbar skyddsbedömning vid orosanmälan om våld',
    findings: ['vite.skydd'],
    owner: 'childrenManager',
    due: 7,
    status: 'in_progress',
  },
  {
    title: 'Extern genomlysning av mottagningsenheten',
    findings: ['vite.fjorton'],
    owner: 'director',
    due: 25,
    status: 'cancelled',
    comments: [
      'Avbryts: genomlysningen ryms inte i budgeten. Uppföljningen görs i stället i den månatliga rapporten till nämnden.',
    ],
  },

  // Socialnämnden: familjehemsvården (risk för vite)
  {
    title: 'Schemalägga besök hos placerade barn minst fyra gånger per år',
    findings: ['familjehem.besok'],
    owner: 'childrenManager',
    due: 4,
    status: 'in_progress',
  },
  {
    title: 'Inventera samtliga vårdplaner och upprätta de som saknas',
    findings: ['familjehem.planer'],
    owner: 'childrenManager',
    due: -4,
    status: 'in_progress',
    comments: ['Inventeringen pågår. Hälften av akterna är genomgångna; arbetet tar längre tid än planerat.'],
  },
  {
    title: 'Utse ansvarig familjehemssekreterare för varje placering',
    findings: ['familjehem.besok'],
    owner: 'childrenManager',
    due: -15,
    status: 'done',
  },
  {
    title: 'Införa kvartalsvis kontroll av genomförandeplaner',
    findings: ['familjehem.planer'],
    owner: 'director',
    due: 40,
    status: 'not_started',
  },
  {
    title: 'Erbjuda handledning i grupp för familjehem',
    findings: ['familjehem.stod'],
    owner: 'childrenManager',
    due: 75,
    status: 'not_started',
  },
  {
    title: 'Uppdatera rutinen för enskilda samtal med placerade barn',
    findings: ['familjehem.besok', 'familjehem.planer'],
    owner: 'childrenManager',
    due: 8,
    status: 'not_started',
  },

  // Socialnämnden: lex Sarah-utredning, socialjouren
  {
    title: 'Ta fram rutin för överlämning från socialjouren',
    findings: ['jour.overlamning'],
    owner: 'childrenManager',
    due: 20,
    status: 'in_progress',
  },
  {
    title: 'Säkerställa att bedömningar vid akuta placeringar dokumenteras samma dygn',
    findings: ['jour.bedomning'],
    owner: 'childrenManager',
    due: 2,
    status: 'in_progress',
  },
  {
    title: 'Gå igenom händelsen som lärande exempel på arbetsplatsträff',
    findings: ['jour.bedomning', 'jour.overlamning'],
    owner: 'childrenManager',
    due: -8,
    status: 'done',
    via: [],
    comments: ['Genomfört på arbetsplatsträffen med socialjouren och mottagningen.'],
  },
  {
    title: 'Gemensam utbildning i dokumentation med socialjouren',
    findings: ['jour.bedomning'],
    owner: 'director',
    due: 50,
    status: 'not_started',
  },

  // Socialnämnden: egenkontroll
  {
    title: 'Redovisa utredningstider per månad i ledningsgruppen',
    findings: ['egen.tider', 'tillsyn.tider'],
    owner: 'director',
    due: -1,
    status: 'in_progress',
  },
  {
    title: 'Ny egenkontroll av journalföringen efter sex månader',
    findings: ['egen.journal'],
    owner: 'director',
    due: 120,
    status: 'not_started',
  },
  {
    title: 'Avsätta tid för dokumentation i handläggarnas kalendrar',
    findings: ['egen.journal'],
    owner: 'childrenManager',
    due: -25,
    status: 'done',
  },

  // Socialnämnden: familjerätten (avslutat)
  {
    title: 'Rutin för bevakning av tingsrättens tidsfrister',
    findings: ['famrätt.snabb'],
    owner: 'childrenManager',
    due: -340,
    status: 'done',
  },
  {
    title: 'Mall för dokumentation av samarbetssamtal',
    findings: ['famrätt.samtal'],
    owner: 'childrenManager',
    due: -335,
    status: 'done',
  },
  {
    title: 'Utbildning i familjerättslig dokumentation',
    findings: ['famrätt.snabb', 'famrätt.samtal'],
    owner: 'director',
    due: -290,
    status: 'done',
  },
  {
    title: 'Köpa in bevakningsmodul till verksamhetssystemet',
    findings: ['famrätt.snabb'],
    owner: 'director',
    due: -300,
    status: 'cancelled',
    comments: ['Avbryts: bevakningen sköts med rutinen och kalendern, modulen behövs inte.'],
  },

  // Arbetsmarknads- och socialnämnden: lex Sarah-anmälan, samsjuklighet
  {
    title: 'Öka samverkan med regionen vid samsjuklighet',
    findings: ['sarah.samverkan'],
    owner: 'adultsManager',
    due: 30,
    status: 'in_progress',
  },
  {
    title: 'Upprätta samordnad individuell plan (SIP) vid samsjuklighet',
    findings: ['sarah.samverkan', 'sarah.behov'],
    owner: 'adultsManager',
    due: 8,
    status: 'in_progress',
  },
  {
    title: 'Revidera den lokala överenskommelsen med regionen om missbruk och beroende',
    findings: ['sarah.samverkan'],
    owner: 'director',
    due: 100,
    status: 'not_started',
  },
  {
    title: 'Utbildning i samlad behovsbedömning för handläggarna inom vuxenenheten',
    findings: ['sarah.behov'],
    owner: 'adultsManager',
    due: -5,
    status: 'not_started',
  },
  {
    title: 'Analysera händelsen tillsammans med regionens psykiatri',
    findings: ['sarah.samverkan'],
    owner: 'adultsManager',
    due: -10,
    status: 'done',
  },
  {
    title: 'Införa gemensamma ärendedragningar med beroendevården',
    findings: ['sarah.samverkan'],
    owner: 'adultsManager',
    due: 18,
    status: 'in_progress',
  },
  {
    title: 'Kartlägga väntetider till öppenvård för missbruk',
    findings: ['sarah.behov'],
    owner: 'adultsManager',
    due: -11,
    status: 'done',
  },

  // Arbetsmarknads- och socialnämnden: lex Sarah-utredning, ekonomiskt bistånd
  {
    title: 'Ta fram bemanningsplan för sommaren med lägsta bemanning per vecka',
    findings: ['bistand.bemanning'],
    owner: 'benefitsManager',
    due: 35,
    status: 'in_progress',
  },
  {
    title: 'Införa bevakning av ärenden som väntat mer än tio dagar',
    findings: ['bistand.dröjsmål'],
    owner: 'benefitsManager',
    due: 3,
    status: 'in_progress',
  },
  {
    title: 'Informera sökande om handläggningstiden i e-tjänsten och på webben',
    findings: ['bistand.dröjsmål'],
    owner: 'benefitsManager',
    due: -14,
    status: 'done',
  },
  {
    title: 'Anlita bemanningsföretag under semesterperioden',
    findings: ['bistand.bemanning'],
    owner: 'director',
    due: -20,
    status: 'cancelled',
    comments: ['Avbryts: den nya bemanningsplanen täcker behovet med egen personal.'],
  },
  {
    title: 'Korsutbilda handläggare mellan mottagningen och ekonomiskt bistånd',
    findings: ['bistand.bemanning', 'bistand.dröjsmål'],
    owner: 'benefitsManager',
    due: 55,
    status: 'not_started',
  },

  // Arbetsmarknads- och socialnämnden: IVO-klagomål
  {
    title: 'Uppdatera beslutsmallarna med motivering och överklagandehänvisning',
    findings: ['klagomal.motivering', 'klagomal.overklagande'],
    owner: 'benefitsManager',
    due: -7,
    status: 'in_progress',
    comments: ['Utkast till nya mallar är klart; juristen granskar dem innan de läggs in.'],
  },
  {
    title: 'Granska tjugo avslagsbeslut från senaste kvartalet',
    findings: ['klagomal.motivering'],
    owner: 'benefitsManager',
    due: -2,
    status: 'not_started',
  },
  {
    title: 'Påminna handläggarna om kommunikationsskyldigheten',
    findings: ['klagomal.kommunikation'],
    owner: 'benefitsManager',
    due: -16,
    status: 'done',
  },
  {
    title: 'Utbildning i förvaltningslagen för ekonomiskt bistånd',
    findings: ['klagomal.motivering', 'klagomal.kommunikation'],
    owner: 'director',
    due: 10,
    status: 'not_started',
  },
  {
    title: 'Se över telefontiderna och bemötandet i kundtjänsten',
    findings: ['klagomal.bemotande'],
    owner: 'benefitsManager',
    due: 65,
    status: 'not_started',
  },

  // Arbetsmarknads- och socialnämnden: revision
  {
    title: 'Genomföra riskanalys inför nästa års internkontrollplan',
    findings: ['revision.risk'],
    owner: 'director',
    due: 28,
    status: 'in_progress',
  },
  {
    title: 'Stickprovskontroll av beviljat bistånd varje kvartal',
    findings: ['revision.uppfoljning'],
    owner: 'benefitsManager',
    due: 6,
    status: 'in_progress',
  },
  {
    title: 'Ange uppföljningsdatum i varje beslut om bistånd',
    findings: ['revision.uppfoljning'],
    owner: 'benefitsManager',
    due: -18,
    status: 'done',
  },
  {
    title: 'Utreda förutsättningarna för en e-tjänst för ansökan',
    findings: ['revision.etjanst'],
    owner: 'director',
    due: 150,
    status: 'not_started',
  },
  {
    title: 'Införa checklista för handläggningstider inom ekonomiskt bistånd',
    findings: ['revision.uppfoljning', 'bistand.dröjsmål'],
    owner: 'benefitsManager',
    due: -9,
    status: 'done',
  },
];

const DEFAULT_COMMENTS: Record<Exclude<ActionStatus, 'not_started'>, string[]> = {
  in_progress: [
    'Arbetet har påbörjats. En arbetsgrupp är utsedd.',
    'Uppstartsmöte hållet med enhetens handläggare.',
    'Kartläggning av nuläget pågår.',
    'Påbörjat enligt plan; avstämning sker i ledningsgruppen.',
    'Arbetet är igång och följs upp på arbetsplatsträffarna.',
  ],
  done: [
    'Klar. Rutinen är beslutad och finns på intranätet.',
    'Genomfört för samtliga handläggare.',
    'Klar och följs upp i nästa egenkontroll.',
    'Klart; arbetssättet används sedan början av månaden.',
  ],
  cancelled: ['Avbryts: åtgärden ersätts av en gemensam åtgärd för hela förvaltningen.'],
};

/** The date itself when it is a vardag; otherwise the nearest vardag away from today, so past dates stay past. */
function onWorkingDay(date: string, today: string): string {
  const step = date < today ? -1 : 1;
  let d = date;
  while (nonWorkingDayName(d) !== null) d = addDays(d, step);
  return d;
}

function nextHolidayAfter(today: string): string {
  const year = Number(today.slice(0, 4));
  const next = [...swedishHolidays(year), ...swedishHolidays(year + 1)].find((h) => h.date > today);
  return next!.date;
}

/** An instant on the given calendar day, Stockholm time, as the app stores instants. */
function instant(date: string, hour: number, minute = 0): DateTime {
  return DateTime.fromISO(date, { zone: ZONE }).set({ hour, minute });
}

function iso(t: DateTime): string {
  return t.toUTC().toISO()!;
}

async function loginsIn(db: Db): Promise<DemoLogin[]> {
  const rows = await db
    .selectFrom('users')
    .select(['email', 'name', 'role'])
    .where(
      'email',
      'in',
      DEMO_USERS.map((u) => u.email),
    )
    .execute();
  return DEMO_USERS.flatMap((u) => {
    const row = rows.find((r) => r.email === u.email);
    return row ? [{ role: ROLE_LABEL[u.role], email: u.email, password: DEMO_PASSWORD, name: row.name }] : [];
  });
}

/**
 * Fills a database without matters with the demo data. Existing users are kept; an
 * administrator is added only when there is none yet (ADMIN_EMAIL may have created one).
 */
export async function seedDemo(db: Db, clock: Clock): Promise<{ seeded: boolean; logins: DemoLogin[] }> {
  const today = todayOf(clock);
  const seeded = await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('matters').select('id').limit(1).executeTakeFirst();
    if (existing) return false;

    const day = (offset: number) => onWorkingDay(addDays(today, offset), today);
    const now = nowIso(clock);

    const userIds = {} as Record<PersonKey, number>;
    const hasAdmin =
      (await tx.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst()) !== undefined;
    for (const u of DEMO_USERS) {
      const found = await tx.selectFrom('users').select('id').where('email', '=', u.email).executeTakeFirst();
      if (found) userIds[u.key] = found.id;
      else if (u.role !== 'admin' || !hasAdmin) {
        userIds[u.key] = await createUser(tx, clock, {
          email: u.email,
          name: u.name,
          role: u.role,
          password: DEMO_PASSWORD,
        });
      }
    }
    const director = userIds.director;
    // The kommun that heads every document (Administration → Kommunen); a logo can be uploaded there.
    await tx
      .insertInto('organisation')
      .values({ id: 1, municipality: 'Exempelkommun', updated_by: null, updated_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();

    const committeeIds = {} as Record<CommitteeKey, number>;
    for (const key of Object.keys(COMMITTEES) as CommitteeKey[]) {
      const c = COMMITTEES[key];
      const found = await tx.selectFrom('committees').select('id').where('name', '=', c.name).executeTakeFirst();
      committeeIds[key] =
        found?.id ??
        (
          await tx
            .insertInto('committees')
            .values({ name: c.name, administration: c.administration, created_at: now })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
    }

    // The year's sammanträden of each nämnd: two already held, the rest coming, about every four weeks.
    for (const [i, key] of (Object.keys(COMMITTEES) as CommitteeKey[]).entries()) {
      for (const offset of [-57, -29, 9, 37, 65, 100]) {
        await tx
          .insertInto('meetings')
          .values({
            committee_id: committeeIds[key],
            held_on: day(offset + i * 2),
            title: 'Återrapportering av åtgärdsplan',
            own_reference: '',
            note: '',
            cancelled_at: null,
            place: 'Kommunhuset, sal Exempel',
            created_by: director,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
    }

    const findings = new Map<string, { id: number; committee: CommitteeKey; createdDay: string }>();
    for (const m of MATTERS) {
      const decidedOn = day(-m.decidedDaysAgo);
      const reference = (template: string) => template.replace('{år}', decidedOn.slice(0, 4));
      const createdDay = addDays(decidedOn, 2);
      const createdAt = iso(instant(createdDay, 10, 12));
      const closedOn = m.closed ? day(-m.closed.daysAgo) : null;
      const { id } = await tx
        .insertInto('matters')
        .values({
          committee_id: committeeIds[m.committee],
          kind: m.kind,
          title: m.title,
          unit: m.unit,
          ivo_reference: reference(m.ivoReference ?? ''),
          own_reference: reference(m.ownReference),
          decided_on: decidedOn,
          respond_by: m.respondIn === undefined ? null : day(m.respondIn),
          respond_by_since: m.respondIn === undefined ? null : decidedOn,
          fine_amount: m.fine?.amount ?? null,
          fine_status: m.fine?.status ?? 'none',
          final_on: m.fine?.finalDaysAgo === undefined ? null : day(-m.fine.finalDaysAgo),
          follow_up_on: m.followUpIn === undefined ? null : day(m.followUpIn),
          legal_basis: m.legalBasis,
          description: m.description,
          closed_on: closedOn,
          closed_note: m.closed?.note ?? '',
          version: closedOn ? 2 : 1,
          created_by: director,
          created_at: createdAt,
          updated_by: director,
          updated_at: closedOn ? iso(instant(closedOn, 11, 5)) : createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const f of m.findings) {
        const row = await tx
          .insertInto('findings')
          .values({
            matter_id: id,
            title: f.title,
            description: f.description,
            response_required: f.responseRequired === false ? 0 : 1,
            created_at: createdAt,
            updated_at: createdAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        findings.set(f.key, { id: row.id, committee: m.committee, createdDay });
      }
    }

    const yesterday = addDays(today, -1);
    for (const [index, a] of ACTIONS.entries()) {
      const linked = a.findings.map((key) => {
        const f = findings.get(key);
        if (!f) throw new Error(`Demo data: unknown finding ${key}`);
        return f;
      });
      const committee = linked[0].committee;
      if (linked.some((f) => f.committee !== committee)) throw new Error(`Demo data: "${a.title}" spans two nämnder`);

      const dueOn = a.due === 'next-holiday' ? nextHolidayAfter(today) : day(a.due);
      const chain: ActionStatus[] =
        a.status === 'not_started' ? [] : [...(a.via ?? (a.status === 'done' ? ['in_progress'] : [])), a.status];
      const latestCreatedDay = linked
        .map((f) => f.createdDay)
        .sort()
        .at(-1)!;
      const created = instant(addDays(latestCreatedDay, 1 + (index % 3)), 9, (index * 7) % 60);
      // Work finished with a past due date was finished before it; open work was last touched yesterday.
      const finished = a.status === 'done' || a.status === 'cancelled';
      const lastDay = finished && dueOn < today ? addDays(dueOn, -1) : yesterday;
      const last = instant(lastDay, 15, (index * 11) % 60);
      if (last <= created) throw new Error(`Demo data: "${a.title}" has no time for its updates`);
      const stamps = chain.map((_, i) =>
        created.plus({ milliseconds: Math.round(((last.toMillis() - created.toMillis()) * (i + 1)) / chain.length) }),
      );
      const ownerId = userIds[a.owner];

      const { id } = await tx
        .insertInto('actions')
        .values({
          committee_id: committeeIds[committee],
          title: a.title,
          description: a.description ?? '',
          owner_id: ownerId,
          due_on: dueOn,
          status: a.status,
          version: 1 + chain.length,
          created_by: director,
          created_at: iso(created),
          updated_at: iso(stamps.at(-1) ?? created),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('action_findings')
        .values(linked.map((f) => ({ action_id: id, finding_id: f.id })))
        .execute();
      await tx
        .insertInto('action_updates')
        .values({
          action_id: id,
          user_id: director,
          created_at: iso(created),
          from_status: null,
          to_status: 'not_started',
          comment: '',
        })
        .execute();
      let from: ActionStatus = 'not_started';
      for (const [i, to] of chain.entries()) {
        const pool = DEFAULT_COMMENTS[to as Exclude<ActionStatus, 'not_started'>];
        await tx
          .insertInto('action_updates')
          .values({
            action_id: id,
            user_id: to === 'cancelled' ? director : ownerId,
            created_at: iso(stamps[i]),
            from_status: from,
            to_status: to,
            comment: a.comments?.[i] ?? pool[(index + i) % pool.length],
          })
          .execute();
        from = to;
      }
    }
    return true;
  });
  if (seeded) await attachDemoFiles(db, clock);
  return { seeded, logins: await loginsIn(db) };
}

/**
 * Two bilagor, added as users add them (through the service, so they are checked and audited):
 * IVO:s beslut on the largest open IVO matter, by the förvaltningschef, and a chef's evidence on
 * her finished action. Fictional text only.
 */
async function attachDemoFiles(db: Db, clock: Clock): Promise<void> {
  const deps = { db, clock, config: { maxUploadMb: 25 } };
  const matter = await db
    .selectFrom('matters')
    .select(['id', 'title', 'ivo_reference'])
    .where('kind', '=', 'ivo_supervision')
    .where('closed_on', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const director = await db.selectFrom('users').select('id').where('role', '=', 'director').executeTakeFirstOrThrow();
  await uploadAttachment(deps, (await findActiveUser(db, director.id))!, 'matter', matter.id, {
    kind: 'decision',
    description: 'Beslutet som kom med e-post (exempel)',
    file: { content: await demoDecisionPdf(matter), originalName: 'IVO-beslut.pdf' },
    tooLarge: false,
  });
  const done = await db
    .selectFrom('actions')
    .select(['id', 'owner_id', 'title'])
    .where('status', '=', 'done')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await uploadAttachment(deps, (await findActiveUser(db, done.owner_id))!, 'action', done.id, {
    kind: 'evidence',
    description: 'Stickprov efter genomförd åtgärd',
    file: {
      content: Buffer.from(
        `Stickprov (exempel): ${done.title}\nTio akter granskade i Exempelkommun, alla med aktuell genomförandeplan.\n`,
        'utf8',
      ),
      originalName: 'stickprov.txt',
    },
    tooLarge: false,
  });
}

/** A one-page stand-in for IVO:s beslut, written with pdfkit. */
function demoDecisionPdf(matter: { title: string; ivo_reference: string | null }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { Title: 'IVO:s beslut (exempel)' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(16).text('Inspektionen för vård och omsorg – beslut (exempel)');
  doc.moveDown().fontSize(11).text(`Ärende: ${matter.title}`);
  if (matter.ivo_reference) doc.text(`Dnr: ${matter.ivo_reference}`);
  doc.moveDown().text('Detta är en påhittad handling i demodata för Exempelkommun.');
  doc.end();
  return done;
}
