/**
 * The page's only script: renders the riddle browser from the embedded JSON, with a text filter,
 * a model filter, an outcome filter and pages. It builds every node with createElement and
 * textContent, never innerHTML, so model text stays text whatever it contains.
 */
export const RIDDLE_BROWSER_SCRIPT = `(() => {
  'use strict'
  const data = JSON.parse(document.getElementById('riddle-data').textContent)
  const PAGE = 20
  const search = document.getElementById('riddle-search')
  const modelSelect = document.getElementById('riddle-model')
  const outcome = document.getElementById('riddle-outcome')
  const body = document.querySelector('#riddle-table tbody')
  const count = document.getElementById('riddle-count')
  const previous = document.getElementById('riddle-previous')
  const next = document.getElementById('riddle-next')
  let page = 0
  data.models.forEach((model, index) => {
    const option = document.createElement('option')
    option.value = String(index)
    option.textContent = model
    modelSelect.appendChild(option)
  })
  const solved = (cell) => cell !== null && cell[2] !== null && cell[2] > 0.5
  const outcomes = {
    all: () => true,
    'models-disagree': (cells) => { const present = cells.filter((cell) => cell !== null); return present.some(solved) && present.some((cell) => !solved(cell)) },
    'judges-disagree': (cells) => cells.some((cell) => cell !== null && cell[2] !== null && cell[2] > 0 && cell[2] < 1),
    unsolved: (cells) => cells.every((cell) => !solved(cell)),
  }
  function matches(riddle, models) {
    const [id, category, cells] = riddle
    if (!outcomes[outcome.value](cells)) return false
    const needle = search.value.trim().toLowerCase()
    if (needle === '') return true
    if (id.toLowerCase().includes(needle) || category.toLowerCase().includes(needle)) return true
    return models.some((model) => { const cell = cells[model]; return cell !== null && (cell[0].toLowerCase().includes(needle) || cell[1].toLowerCase().includes(needle)) })
  }
  function cellText(tag, text, className) {
    const element = document.createElement(tag)
    element.textContent = text
    if (className) element.className = className
    return element
  }
  function verdictText(model, codes) {
    return data.judges[model].map((judge, index) => {
      const code = Number(codes[index] || 0)
      if (code < 2) return judge + ': no verdict'
      const bits = code - 2
      return judge + ': answer ' + ((bits & 1) ? '✓' : '✗') + ' justification ' + ((bits & 2) ? '✓' : '✗')
    }).join('\\n')
  }
  function render() {
    const models = modelSelect.value === 'all' ? data.models.map((_, index) => index) : [Number(modelSelect.value)]
    const kept = data.riddles.filter((riddle) => matches(riddle, models))
    const pages = Math.max(1, Math.ceil(kept.length / PAGE))
    page = Math.min(page, pages - 1)
    body.replaceChildren()
    for (const [id, category, cells] of kept.slice(page * PAGE, page * PAGE + PAGE)) {
      models.forEach((model, position) => {
        const cell = cells[model]
        const row = document.createElement('tr')
        if (position === 0) row.className = 'riddle-first'
        row.appendChild(cellText('td', position === 0 ? id : '', 'riddle-id'))
        row.appendChild(cellText('td', position === 0 ? category : ''))
        row.appendChild(cellText('td', data.models[model]))
        if (cell === null) {
          row.appendChild(cellText('td', 'not run', 'muted'))
          row.appendChild(cellText('td', ''))
          row.appendChild(cellText('td', ''))
          row.appendChild(cellText('td', ''))
        } else {
          const jury = cell[2] === null ? 'no verdict' : (100 * cell[2]).toFixed(0)
          row.appendChild(cellText('td', jury, cell[2] === null ? 'muted' : cell[2] > 0.5 ? 'good' : 'bad'))
          row.appendChild(cellText('td', cell[0], 'answer'))
          row.appendChild(cellText('td', cell[1], 'justification'))
          row.appendChild(cellText('td', verdictText(model, cell[3]), 'verdicts'))
        }
        body.appendChild(row)
      })
    }
    count.textContent = kept.length + ' of ' + data.riddles.length + ' riddles, page ' + (page + 1) + ' of ' + pages
    previous.disabled = page === 0
    next.disabled = page >= pages - 1
  }
  for (const control of [search, modelSelect, outcome]) control.addEventListener('input', () => { page = 0; render() })
  previous.addEventListener('click', () => { page -= 1; render() })
  next.addEventListener('click', () => { page += 1; render() })
  render()
})()
`
