import { readFile } from 'node:fs/promises'
import YAML from 'yaml'
import { defaultConfig, parseConfig, type OpenEniConfig } from '../domain/config.js'

/**
 * Reads the operator's config file (YAML, so JSON too). Without a path the built-in defaults
 * apply; a file named but unreadable or invalid is an error naming the file, never a silent
 * fallback, since the server would otherwise start with limits the operator did not choose.
 */
export async function loadConfigFile(path?: string): Promise<OpenEniConfig> {
  if (path === undefined) return defaultConfig()
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new Error(`cannot read config file ${path}: ${messageOf(err)}`, { cause: err })
  }
  let document: unknown
  try {
    document = parseYaml(text)
  } catch (err) {
    throw new Error(`config file ${path} is not valid YAML: ${messageOf(err)}`, { cause: err })
  }
  try {
    // An empty file (or one holding only comments) means "all defaults".
    return parseConfig(document ?? {})
  } catch (err) {
    throw new Error(`config file ${path}: ${messageOf(err)}`, { cause: err })
  }
}

function parseYaml(text: string): unknown {
  // Account ids are long numbers (Alibaba's have 16 digits) that operators write unquoted as
  // keys under `quotas.accounts`; above 2^53 a double would round one to another account's id.
  // Reading integers as BigInt keeps keys exact; safe values become numbers again for the schema.
  return YAML.parse(
    text,
    (_key, value) => (typeof value === 'bigint' && Number.isSafeInteger(Number(value)) ? Number(value) : value),
    { intAsBigInt: true },
  )
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
