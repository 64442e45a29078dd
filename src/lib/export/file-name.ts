// A download's file name from an experiment name: safe on every OS, never empty, never hidden.
export function exportFileName(experiment: string, suffix: string, extension: string): string {
  const stem = `${experiment}-${suffix}`
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80)
    .toLowerCase();
  return `${stem || 'credence-export'}.${extension}`;
}
