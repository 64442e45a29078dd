// npm run warehouse-snapshots: writes the example design's query in every dialect to
// src/lib/warehouse/__fixtures__/<dialect>.sql. Run it after changing the generator on purpose, read the
// diff, commit; the tests compare the generator's text with these files and never write them.
import { writeFileSync } from 'node:fs';
import { DIALECTS } from '../src/lib/warehouse/dialects.ts';
import { EXAMPLE_DESIGN } from '../src/lib/warehouse/example-design.ts';
import { warehouseQuery } from '../src/lib/warehouse/query.ts';

for (const dialect of DIALECTS) {
  const path = new URL(`../src/lib/warehouse/__fixtures__/${dialect}.sql`, import.meta.url);
  writeFileSync(path, warehouseQuery(EXAMPLE_DESIGN, dialect));
  console.log(`wrote ${dialect}.sql`);
}
