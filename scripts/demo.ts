import { ConfigError, loadConfig, type Config } from '../src/config.ts';
import { systemClock } from '../src/clock.ts';
import { prepare, start } from '../src/server.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed-demo.ts';

// The demo keeps its own database unless DATABASE_PATH says otherwise, so demo data never
// ends up in the database `npm start` uses.
let config: Config;
try {
  // Links (reset links, calendar addresses) point at the demo on this machine unless PUBLIC_URL says otherwise.
  const port = process.env.PORT || '3000';
  // Request logs would bury the demo logins printed below; LOG_LEVEL=info shows them.
  config = loadConfig({
    DATABASE_PATH: './data/demo.sqlite',
    PUBLIC_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'warn',
    ...process.env,
  });
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(2);
}

// Without ADMIN_EMAIL the first start would print a set-up link that the demo administrator
// makes useless at once; let the demo administrator be the bootstrapped one instead.
const demoAdmin = DEMO_USERS.find((u) => u.role === 'admin')!;
const givenAdmin = config.adminEmail;
const db = await prepare(
  givenAdmin ? config : { ...config, adminEmail: demoAdmin.email, adminPassword: DEMO_PASSWORD },
  systemClock,
);
const { seeded, logins } = await seedDemo(db, systemClock);

console.log(
  seeded ? '\nDemodata för Exempelkommun är inlagda.' : '\nDatabasen har redan ärenden; inga demodata lades till.',
);
console.log('\nDemoinloggningar:');
const width = Math.max(...logins.map((l) => l.role.length));
for (const l of logins) console.log(`  ${l.role.padEnd(width)}  ${l.email}  ${l.password}  (${l.name})`);
if (givenAdmin) console.log(`  ${'Administratör'.padEnd(width)}  ${givenAdmin}  (lösenordet i ADMIN_PASSWORD)`);
console.log('');

await start(config, db, systemClock);
