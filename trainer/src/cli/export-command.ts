import { exportRun } from '../pipeline/export-run.ts';
import { BACKEND_FLAG, RUN_FLAG, selectBackendFlag } from './common-flags.ts';
import { defineCommand } from './define-command.ts';

export const exportCommand = defineCommand({
  name: 'export',
  flags: { run: RUN_FLAG, backend: BACKEND_FLAG },
  async run(values) {
    await selectBackendFlag(values.backend);
    const exported = await exportRun(values.run);
    console.log(`wrote ${exported.path} (${exported.bytes.length} bytes)`);
  },
});
