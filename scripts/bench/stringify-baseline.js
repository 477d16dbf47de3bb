// Baseline for the prepare benchmark: the lines bench wrote, parsed beforehand (not timed), then
// JSON.stringify of each and a buffered write to the same disk (timed). Prints seconds.
import {createReadStream, createWriteStream} from 'node:fs'
import {once} from 'node:events'
import {createInterface} from 'node:readline'

const [output, ...inputs] = process.argv.slice(2)
const values = []
for (const input of inputs) {
  for await (const line of createInterface({input: createReadStream(input)})) values.push(JSON.parse(line))
}

const started = process.hrtime.bigint()
const out = createWriteStream(output)
let chunk = []
let size = 0
for (const value of values) {
  const line = JSON.stringify(value) + '\n'
  chunk.push(line)
  size += line.length
  if (size > 1 << 20) {
    if (!out.write(chunk.join(''))) await once(out, 'drain')
    chunk = []
    size = 0
  }
}
out.end(chunk.join(''))
await once(out, 'finish')
console.log(Number(process.hrtime.bigint() - started) / 1e9)
