import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../lib/report/schema.json' with { type: 'json' };

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** Throws with every schema error when a report does not follow schema v1. */
export function assertValidReport(report: unknown): void {
  if (!validate(report)) {
    throw new Error(
      'report does not follow schema v1:\n' + ajv.errorsText(validate.errors, { separator: '\n' }),
    );
  }
}
