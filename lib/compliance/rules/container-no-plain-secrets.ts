import { defineRule } from '../rule';
import { containerName, containersOf, plainEnvironment } from '../template-helpers';

/** Name segments (split on `_`/`-`) that mark a value as a secret; `KEY` only with a qualifying neighbour. */
const SECRET_WORDS = new Set(['SECRET', 'SECRETS', 'PASSWORD', 'PASSWD', 'PWD', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY']);
const KEY_QUALIFIERS = new Set(['API', 'PRIVATE', 'ACCESS', 'SIGNING', 'SECRET', 'ENCRYPTION']);

export function looksSecret(name: string): boolean {
  const words = name.toUpperCase().split(/[_\-.]+/);
  return words.some((w, i) => SECRET_WORDS.has(w) || (w === 'KEY' && i > 0 && KEY_QUALIFIERS.has(words[i - 1])));
}

export default defineRule(__filename, {
  checklistIds: ['CL-SEC-3'],
  info: 'A container has a secret-looking name (SECRET, PASSWORD, TOKEN, API_KEY...) in its plain environment.',
  explanation: 'Secrets reach containers through ECS `secrets` from Secrets Manager; plain environment values are visible in the task definition to anyone who can describe it.',
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  evaluate: (task) =>
    containersOf(task).flatMap((c) =>
      [...plainEnvironment(c).keys()].filter(looksSecret).map((name) => `container ${containerName(c)}: ${name} is in the plain environment`),
    ),
});
