import { expect, test } from 'vitest';
import { exportFileName } from './file-name.ts';

test('file names keep letters and digits and drop everything a file system may refuse', () => {
  expect(exportFileName('Checkout: Green vs Blue?', 'results', 'csv')).toBe(
    'checkout-green-vs-blue-results.csv',
  );
  expect(exportFileName('../../etc/passwd', 'chart', 'svg')).toBe('etc-passwd-chart.svg');
  expect(exportFileName('<>|', '', 'png')).toBe('credence-export.png');
  expect(exportFileName('x'.repeat(200), 'results', 'md')).toHaveLength(80 + 3);
});
