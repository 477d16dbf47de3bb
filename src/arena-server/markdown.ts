import MarkdownIt from 'markdown-it'

/**
 * Model text as readable HTML: Markdown (paragraphs, lists, emphasis, tables, code) by
 * markdown-it, with raw HTML off, so every `<` in an answer is escaped, and links and images off,
 * so an answer can neither load anything nor send a voter elsewhere: they show as their text.
 */
const renderer = new MarkdownIt({html: false, linkify: false, typographer: false}).disable(['link', 'image', 'autolink'])

export function renderMarkdown(text: string): string {
  return renderer.render(text)
}
