/** The API-key variable each vendor's SDK reads (Gemini: GOOGLE_API_KEY first, then GEMINI_API_KEY). */
const KEY_VARIABLES: readonly (readonly string[])[] = [
  ['OPENAI_API_KEY'],
  ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'],
  ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  ['MISTRAL_API_KEY'],
  ['TOGETHER_API_KEY'],
  ['GROQ_API_KEY'],
]

/**
 * The `export NAME=value` lines a user pastes into a shell to point the SDKs (and bench) at the
 * emulator, plus a placeholder key for each vendor whose key is not set, since every SDK
 * refuses to start without one and the emulator accepts any key.
 */
export function exportLines(env: Record<string, string>, current: NodeJS.ProcessEnv): string[] {
  const lines = Object.entries(env).map(([name, value]) => `export ${name}=${value}`)
  for (const names of KEY_VARIABLES) {
    if (names.every((name) => !current[name])) lines.push(`export ${names[0]}=emulator`)
  }
  return lines
}
