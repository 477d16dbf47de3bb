/**
 * Regenerates data/sample/layton_sample.jsonl: a dozen original riddles in the Layton spirit (our
 * own wording, not the games' or the wiki's), in the exact schema of `rvienne/layton-eval`, each
 * with a small JPEG drawn here. Run from the package root: `node scripts/make-sample-dataset.ts`.
 * Needs ImageMagick's `convert` on the PATH (Debian: `apt-get install imagemagick`) to encode the
 * pictures; bench itself never does, it only reads the committed JSONL.
 */
import {execFileSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'

import type {Riddle} from '../src/core/dataset/riddle.js'

const WIDTH = 240
const HEIGHT = 180
const OUTPUT = new URL('../data/sample/layton_sample.jsonl', import.meta.url)

/** ImageMagick draw primitives (MVG), each with its own fill and stroke. */
type Drawing = string[]

type SampleRiddle = Omit<Riddle, 'url' | 'img'> & {drawing: Drawing}

function jpegBase64(drawing: Drawing): string {
  const draws = drawing.flatMap((primitive) => ['-draw', primitive])
  const jpeg = execFileSync('convert', ['-size', `${WIDTH}x${HEIGHT}`, 'xc:#fdf6e3', ...draws, '-strip', '-quality', '85', 'jpg:-'])
  return jpeg.toString('base64')
}

function square(x: number, y: number, size: number, color: string): string {
  return `fill ${color} stroke #333333 stroke-width 2 rectangle ${x},${y} ${x + size},${y + size}`
}

function disc(x: number, y: number, radius: number, color: string): string {
  return `fill ${color} stroke #333333 stroke-width 2 circle ${x},${y} ${x + radius},${y}`
}

function triangle(x: number, y: number, size: number, color: string): string {
  return `fill ${color} stroke #333333 stroke-width 2 polygon ${x + size / 2},${y} ${x + size},${y + size} ${x},${y + size}`
}

/** Rows of coloured tiles; `none` leaves an empty tile with a dashed outline. */
function tiles(rows: string[][], size: number): Drawing {
  const left = (WIDTH - rows[0]!.length * size) / 2
  const top = (HEIGHT - rows.length * size) / 2
  return rows.flatMap((row, rowIndex) =>
    row.map((color, columnIndex) => {
      const x = left + columnIndex * size
      const y = top + rowIndex * size
      if (color !== 'none') return square(x, y, size, color)
      return `fill white stroke #333333 stroke-width 2 stroke-dasharray 6 4 rectangle ${x},${y} ${x + size},${y + size}`
    }),
  )
}

/** A match from (x1, y1) to (x2, y2): a wooden stick with a red head at the far end. */
function matchstick(x1: number, y1: number, x2: number, y2: number): Drawing {
  return [`stroke #c8a165 stroke-width 5 line ${x1},${y1} ${x2},${y2}`, `fill #b03a2e stroke none circle ${x2},${y2} ${x2 + 4},${y2}`]
}

/** A square grid of `cells` x `cells` squares, every side one matchstick. */
function matchstickGrid(cells: number): Drawing {
  const size = 40
  const left = (WIDTH - cells * size) / 2
  const top = (HEIGHT - cells * size) / 2
  const drawing: Drawing = []
  for (let line = 0; line <= cells; line += 1) {
    for (let cell = 0; cell < cells; cell += 1) {
      const along = cell * size + 6
      const across = line * size
      drawing.push(...matchstick(left + along, top + across, left + along + size - 12, top + across))
      drawing.push(...matchstick(left + across, top + along, left + across, top + along + size - 12))
    }
  }
  return drawing
}

/** A clock face; hands drawn from the centre at the angle of the time. */
function clock(hours: number, minutes: number): Drawing {
  const [cx, cy, radius] = [WIDTH / 2, HEIGHT / 2, 75]
  const point = (turn: number, length: number): string =>
    `${(cx + Math.sin(turn * 2 * Math.PI) * length).toFixed(1)},${(cy - Math.cos(turn * 2 * Math.PI) * length).toFixed(1)}`
  const ticks = Array.from({length: 12}, (_, hour) => `stroke #333333 stroke-width 3 line ${point(hour / 12, radius - 12)} ${point(hour / 12, radius - 3)}`)
  return [
    `fill white stroke #333333 stroke-width 4 circle ${cx},${cy} ${cx + radius},${cy}`,
    ...ticks,
    `stroke #333333 stroke-width 7 line ${cx},${cy} ${point((hours + minutes / 60) / 12, 42)}`,
    `stroke #1f4e79 stroke-width 4 line ${cx},${cy} ${point(minutes / 60, 64)}`,
    `fill #333333 stroke none circle ${cx},${cy} ${cx + 5},${cy}`,
  ]
}

/** Pip positions on a 3 x 3 lattice (0..2), for each die value. */
const PIPS: Record<number, [number, number][]> = {
  1: [[1, 1]],
  2: [[0, 0], [2, 2]],
  3: [[0, 0], [1, 1], [2, 2]],
  4: [[0, 0], [2, 0], [0, 2], [2, 2]],
  5: [[0, 0], [2, 0], [1, 1], [0, 2], [2, 2]],
  6: [[0, 0], [2, 0], [0, 1], [2, 1], [0, 2], [2, 2]],
}

function dice(values: number[]): Drawing {
  const size = 60
  const gap = (WIDTH - values.length * size) / (values.length + 1)
  const top = (HEIGHT - size) / 2
  return values.flatMap((value, index) => {
    const left = gap + index * (size + gap)
    const pips = PIPS[value]!.map(([column, row]) => disc(left + 14 + column * 16, top + 14 + row * 16, 5, '#222222'))
    return [`fill white stroke #333333 stroke-width 3 roundrectangle ${left},${top} ${left + size},${top + size} 8,8`, ...pips]
  })
}

/** Horizontal ribbons from the left edge, one per [colour, length]. */
function ribbons(lengths: [string, number][]): Drawing {
  return lengths.map(([color, length], index) => `fill ${color} stroke #333333 stroke-width 2 rectangle 10,${18 + index * 30} ${10 + length},${36 + index * 30}`)
}

function candle(x: number, width: number, height: number): Drawing {
  const bottom = 160
  const middle = x + width / 2
  return [
    `fill #f4f1de stroke #333333 stroke-width 2 rectangle ${x},${bottom - height} ${x + width},${bottom}`,
    `stroke #333333 stroke-width 2 line ${middle},${bottom - height} ${middle},${bottom - height - 8}`,
    `fill #f39c12 stroke #d35400 stroke-width 1 ellipse ${middle},${bottom - height - 16} 6,10 0,360`,
  ]
}

function person(x: number, color: string): Drawing {
  return [disc(x, 60, 18, '#f5cba7'), `fill ${color} stroke #333333 stroke-width 2 polygon ${x - 26},150 ${x + 26},150 ${x + 14},82 ${x - 14},82`]
}

function calendarPage(highlighted: number): Drawing {
  const cells = Array.from({length: 28}, (_, day) => {
    const x = 22 + (day % 7) * 28
    const y = 50 + Math.floor(day / 7) * 28
    return square(x, y, 24, day === highlighted ? '#e74c3c' : 'white')
  })
  return [`fill #2e86c1 stroke #333333 stroke-width 2 rectangle 22,18 218,44`, ...cells]
}

const RIDDLES: SampleRiddle[] = [
  {
    id: 'S-01',
    category: 'Write Answer',
    description:
      'At noon, Flora lights two new candles of the same height. The thick one would burn down completely in 4 hours, the thin one in 3 hours, both at a steady pace. At what time will the thick candle be exactly twice as tall as the thin one?',
    picarats: 30,
    first_hint: 'Write the height left of each candle, as a fraction of the starting height, after t hours.',
    second_hint: 'The thick candle loses a quarter of its height every hour, the thin one a third.',
    third_hint: 'Solve 1 - t/4 = 2 × (1 - t/3).',
    special_hint: null,
    solution: 'After t hours the thick candle keeps 1 - t/4 of its height and the thin one 1 - t/3. Twice as tall means 1 - t/4 = 2 - 2t/3, so 5t/12 = 1 and t = 2.4 hours: 2 hours 24 minutes after noon.',
    answer: '2:24 pm',
    justification: 'Heights left: thick 1 - t/4, thin 1 - t/3. From 1 - t/4 = 2(1 - t/3) we get t = 12/5 h = 2 h 24 min, so 2:24 pm.',
    split: 'llm',
    drawing: [...candle(70, 36, 110), ...candle(150, 16, 110)],
  },
  {
    id: 'S-02',
    category: 'Multiple Choice',
    description:
      'Three siblings stand beside a broken vase. Exactly one of them always lies; the other two always tell the truth. Anna says: "Basil is the liar." Basil says: "I am not the liar." Clara says: "Anna is the liar." Who is the liar? A: Anna, B: Basil, C: Clara.',
    picarats: 25,
    first_hint: 'Suppose each sibling in turn is the liar and look for a contradiction.',
    second_hint: 'If Basil lied, Clara would be saying something false.',
    third_hint: null,
    special_hint: null,
    solution: 'If Basil were the liar, Clara (truthful) would be wrong to call Anna the liar. If Clara were the liar, Anna (truthful) would be wrong to call Basil the liar. Only Anna as the liar fits: her claim is false, Basil and Clara tell the truth.',
    answer: 'A (Anna)',
    justification: 'Basil as liar makes truthful Clara say something false; Clara as liar makes truthful Anna say something false. Anna as liar is consistent with all three statements.',
    split: 'llm',
    drawing: [...person(60, '#c0392b'), ...person(120, '#27ae60'), ...person(180, '#2980b9')],
  },
  {
    id: 'S-03',
    category: 'Write Answer',
    description:
      "A toymaker's shelf holds only tricycles and wagons. There are 17 toys and 58 wheels in all. A tricycle has 3 wheels and a wagon has 4. How many wagons are on the shelf?",
    picarats: 20,
    first_hint: 'Imagine every toy were a tricycle: how many wheels would that make?',
    second_hint: 'Each wagon adds exactly one wheel to that count.',
    third_hint: null,
    special_hint: null,
    solution: 'Seventeen tricycles would have 51 wheels. There are 7 more, and each wagon brings one extra wheel, so there are 7 wagons and 10 tricycles: 28 + 30 = 58.',
    answer: '7',
    justification: '17 tricycles would give 51 wheels; the 7 extra wheels come from 7 wagons (7 × 4 + 10 × 3 = 58).',
    split: 'llm',
    drawing: [0, 1, 2, 3, 4].map((index) => disc(32 + index * 44, 90, 18, index % 2 === 0 ? '#7f8c8d' : '#34495e')),
  },
  {
    id: 'S-04',
    category: 'Write Answer',
    description: "In six years, the professor's assistant will be twice as old as she was six years ago. How old is she today?",
    picarats: 15,
    first_hint: 'Call her age today x.',
    second_hint: null,
    third_hint: null,
    special_hint: null,
    solution: 'x + 6 = 2 × (x - 6), so x + 6 = 2x - 12 and x = 18.',
    answer: '18',
    justification: 'With x her age today, x + 6 = 2(x - 6) gives x = 18: in six years she is 24, twice the 12 she was six years ago.',
    split: 'llm',
    drawing: [
      `fill #f5b7b1 stroke #333333 stroke-width 2 rectangle 50,100 190,160`,
      `fill #fdfefe stroke #333333 stroke-width 2 rectangle 50,90 190,104`,
      ...[80, 120, 160].flatMap((x) => [`fill #5dade2 stroke #333333 stroke-width 1 rectangle ${x - 4},60 ${x + 4},90`, `fill #f39c12 stroke none ellipse ${x},52 4,7 0,360`]),
    ],
  },
  {
    id: 'S-05',
    category: 'Multiple Choice',
    description: 'If the day after tomorrow is a Saturday, what day was the day before yesterday? A: Monday, B: Tuesday, C: Wednesday, D: Thursday.',
    picarats: null,
    first_hint: null,
    second_hint: null,
    third_hint: null,
    special_hint: null,
    solution: null,
    answer: 'B (Tuesday)',
    justification: 'The day after tomorrow is Saturday, so today is Thursday; the day before yesterday is two days before Thursday: Tuesday.',
    split: 'llm',
    drawing: calendarPage(12),
  },
  {
    id: 'S-06',
    category: 'Write Answer',
    description: 'The floor in the picture is tiled with red, blue and yellow squares. How many red squares are there?',
    picarats: 10,
    first_hint: 'Count row by row and add up.',
    second_hint: 'The first row has two red squares.',
    third_hint: null,
    special_hint: null,
    solution: 'Row by row the grid has 2, 1, 1 and 1 red squares: 5 in all.',
    answer: '5',
    justification: 'Counting the red tiles in each of the four rows gives 2 + 1 + 1 + 1 = 5.',
    split: 'vlm',
    drawing: tiles(
      [
        ['red', 'blue', 'yellow', 'red'],
        ['yellow', 'red', 'blue', 'blue'],
        ['blue', 'yellow', 'red', 'yellow'],
        ['red', 'blue', 'yellow', 'blue'],
      ],
      36,
    ),
  },
  {
    id: 'S-07',
    category: 'Matchstick',
    description: 'The matches in the picture form a square grid. How many squares of any size can you find in it?',
    picarats: 35,
    first_hint: 'Do not count only the smallest squares.',
    second_hint: 'Squares can be one, two or three matches wide.',
    third_hint: 'There are four squares two matches wide.',
    special_hint: 'The whole figure is a square too.',
    solution: 'The grid is three matches wide: 9 small squares, 4 squares two matches wide and the whole figure, 14 squares.',
    answer: '14',
    justification: 'A 3 × 3 grid holds 9 squares of side 1, 4 of side 2 and 1 of side 3: 9 + 4 + 1 = 14.',
    split: 'vlm',
    drawing: matchstickGrid(3),
  },
  {
    id: 'S-08',
    category: 'Write Answer',
    description: 'The shapes in the picture follow a pattern from left to right. What shape, and of what colour, belongs in the empty box?',
    picarats: 15,
    first_hint: 'Look at both the shapes and their colours.',
    second_hint: 'The pattern repeats every three shapes.',
    third_hint: null,
    special_hint: null,
    solution: 'Red circle, green triangle, blue square, then again red circle, green triangle: the next is a blue square.',
    answer: 'a blue square',
    justification: 'The sequence repeats red circle, green triangle, blue square; after the second green triangle comes a blue square.',
    split: 'vlm',
    drawing: [
      disc(25, 90, 15, '#e74c3c'),
      triangle(48, 75, 30, '#27ae60'),
      square(86, 75, 30, '#2e86c1'),
      disc(139, 90, 15, '#e74c3c'),
      triangle(162, 75, 30, '#27ae60'),
      `fill white stroke #333333 stroke-width 2 stroke-dasharray 5 3 rectangle 200,75 230,105`,
    ],
  },
  {
    id: 'S-09',
    category: 'Write Answer',
    description: 'Five ribbons hang on the line in the picture. What is the colour of the longest ribbon?',
    picarats: 10,
    first_hint: 'Compare where each ribbon ends on the right.',
    second_hint: null,
    third_hint: null,
    special_hint: null,
    solution: 'All ribbons start at the left edge; the green one reaches furthest to the right.',
    answer: 'green',
    justification: 'The ribbons share a left edge, so the one ending furthest right is the longest: the green one.',
    split: 'vlm',
    drawing: ribbons([
      ['#e74c3c', 120],
      ['#27ae60', 205],
      ['#2e86c1', 150],
      ['#f1c40f', 90],
      ['#8e44ad', 180],
    ]),
  },
  {
    id: 'S-10',
    category: 'Write Answer',
    description: 'The clock in the picture shows when the train leaves. The journey takes an hour and a half. At what time does the train arrive?',
    picarats: 20,
    first_hint: 'Read the short hand and the long hand separately.',
    second_hint: 'The long hand points straight down.',
    third_hint: null,
    special_hint: null,
    solution: 'The clock shows half past four; an hour and a half later it is six o\'clock.',
    answer: '6:00',
    justification: 'The short hand is halfway between 4 and 5 and the long hand on 6: 4:30. Adding 1 h 30 min gives 6:00.',
    split: 'vlm',
    drawing: clock(4, 30),
  },
  {
    id: 'S-11',
    category: 'Write Answer',
    description: 'What is the total of the pips on the top faces of the three dice in the picture?',
    picarats: 15,
    first_hint: 'Count the pips on each die, then add.',
    second_hint: null,
    third_hint: null,
    special_hint: null,
    solution: 'The dice show 3, 5 and 6: 14 pips.',
    answer: '14',
    justification: 'The three faces show 3, 5 and 6 pips, and 3 + 5 + 6 = 14.',
    split: 'vlm',
    drawing: dice([3, 5, 6]),
  },
  {
    id: 'S-12',
    category: 'Multiple Choice',
    description:
      'In the mosaic in the picture, each colour appears exactly once in every row and every column. Which colour belongs in the empty tile? A: red, B: green, C: blue.',
    picarats: 20,
    first_hint: 'Look at the row of the empty tile.',
    second_hint: 'Its column already has a blue and a green tile.',
    third_hint: null,
    special_hint: null,
    solution: 'The bottom row has green and blue, and the right column has blue and green: the empty tile is red.',
    answer: 'A (red)',
    justification: 'The empty tile is bottom right; its row holds green and blue and its column blue and green, so only red fits.',
    split: 'vlm',
    drawing: tiles(
      [
        ['#e74c3c', '#27ae60', '#2e86c1'],
        ['#2e86c1', '#e74c3c', '#27ae60'],
        ['#27ae60', '#2e86c1', 'none'],
      ],
      44,
    ),
  },
]

/** The riddle in the Hub files' field order: the definitions above follow it, `url` goes after `description`. */
function complete({drawing, ...riddle}: SampleRiddle): Riddle {
  const {id, category, description, ...rest} = riddle
  return {id, category, description, url: `https://example.invalid/sample/${id}`, ...rest, img: jpegBase64(drawing)}
}

const lines = RIDDLES.map((riddle) => JSON.stringify(complete(riddle)))
writeFileSync(OUTPUT, lines.join('\n') + '\n')
console.log(`wrote ${lines.length} riddles to ${OUTPUT.pathname}`)
