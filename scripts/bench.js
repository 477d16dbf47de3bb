// `npm run bench`: every benchmark, each printed as a ratio against a baseline measured in the
// same run on this machine (timings here are noisy; ratios and medians travel better).
import {benchPrepare, printPrepare} from './bench/prepare.js'

const only = process.argv[2]

if (only === undefined || only === 'prepare') printPrepare(await benchPrepare())
