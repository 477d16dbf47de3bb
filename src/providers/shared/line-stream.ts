/** One line of a downloaded file, numbered from 1, without its line ending. */
export interface NumberedLine {
  line: number
  text: string
}

/**
 * Splits a byte stream (a response body) into lines as the bytes arrive: memory stays at one
 * chunk plus one line, whatever the file size. Blank lines are skipped but counted.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<NumberedLine> {
  const decoder = new TextDecoder()
  let rest = ''
  let line = 0
  for await (const chunk of chunks) {
    const text = rest + decoder.decode(chunk, {stream: true})
    let start = 0
    let end: number
    while ((end = text.indexOf('\n', start)) !== -1) {
      line += 1
      const content = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end)
      if (content.trim() !== '') yield {line, text: content}
      start = end + 1
    }
    rest = text.slice(start)
  }
  rest += decoder.decode()
  if (rest.trim() !== '') yield {line: line + 1, text: rest}
}
