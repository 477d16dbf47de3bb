import type {Riddle} from '../../src/core/dataset/riddle.js'

/** A real 2x2 JPEG and a real 1x1 PNG, base64 without a `data:` prefix, as the dataset stores images. */
export const TINY_JPEG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCKALXj/9k='
export const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABAQMAAAAl21bKAAAAA1BMVEUAAP+KeNJXAAAACklEQVQI12NgAAAAAgAB4iG8MwAAAABJRU5ErkJggg=='

/** A text riddle with all four hints. */
export const textRiddle: Riddle = {
  id: '005-3',
  category: 'Write Answer',
  description: 'A farmer has 17 sheep. All but 9 run away. How many are left?',
  url: 'https://layton.fandom.com/wiki/Puzzle:Sheep',
  picarats: 20,
  first_hint: 'Read the question slowly.',
  second_hint: '"All but 9" says how many stay.',
  third_hint: 'Ignore the 17.',
  special_hint: 'The answer is a single digit.',
  solution: 'All but 9 run away, so 9 remain.',
  answer: '9',
  justification: 'All but nine leave, so nine are left.',
  split: 'llm',
  img: TINY_JPEG,
}

/** A picture riddle whose second hint is missing and whose solution is empty. */
export const pictureRiddle: Riddle = {
  id: 'W16-447',
  category: 'Matchstick',
  description: 'Move one match to make the equation true.',
  url: 'https://layton.fandom.com/wiki/Puzzle:Matches',
  picarats: 40,
  first_hint: 'Look at the plus sign.',
  second_hint: null,
  third_hint: 'A plus can become a minus.',
  special_hint: 'Move the vertical match of the plus.',
  solution: null,
  answer: '6 - 2 = 4',
  justification: 'Taking the vertical stick from the plus makes a minus, and 6 - 2 = 4.',
  split: 'vlm',
  img: TINY_JPEG,
}

/** The prompt texts these riddles turn into (checked against the prompt builder in test/core). */
export const TEXT_QUESTION = 'Riddle question: A farmer has 17 sheep. All but 9 run away. How many are left?'
export const PICTURE_QUESTION = 'Riddle question: Move one match to make the equation true.'
export const PICTURE_HINTS = [
  'First hint: Look at the plus sign.',
  'Third hint: A plus can become a minus.',
  'Special hint: Move the vertical match of the plus.',
]

/** What goes into the JSONL file: undefined fields vanish, as they do when `prepare` writes the line. */
export function onTheWire(line: object): unknown {
  return JSON.parse(JSON.stringify(line))
}
