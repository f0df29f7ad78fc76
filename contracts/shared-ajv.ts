/**
 * One ajv (draft 2020-12, like zod's own output) for the whole domain: compiling JSON Schema's
 * own rules costs about 60-100 ms per instance, paid at a command's start-up, so the check of a
 * schema before it is sent and the check of an answer against it share this one.
 */
import { Ajv2020 } from "ajv/dist/2020.js";

// Formats checked without pulling in ajv-formats; anything else is accepted as written.
const FORMATS: Record<string, RegExp> = {
  "date-time": /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

let ajv: Ajv2020 | null = null;

export function sharedAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    for (const [name, re] of Object.entries(FORMATS)) ajv.addFormat(name, re);
    ajv.addFormat("uri-reference", true);
  }
  return ajv;
}
