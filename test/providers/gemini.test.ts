import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'

import {describe, expect, it} from 'vitest'

import {pdfRequest, system, textRequest} from './golden.js'
import {PICTURE_HINTS, PICTURE_QUESTION, TEXT_QUESTION, TINY_JPEG, onTheWire, pictureRiddle, textRiddle} from './riddle-fixtures.js'
import {buildPredictionRequest} from '../../src/core/dataset/layton-prompt.js'
import {BenchmarkAnswer} from '../../src/core/dataset/schemas.js'
import {geminiFormat} from '../../src/providers/gemini/format.js'

/** The picture riddle's user content with all hints, in Gemini's part spelling: the line and the SDK call must both carry it. */
const pictureContents = [
  {
    role: 'user',
    parts: [{text: PICTURE_QUESTION}, {inlineData: {mimeType: 'image/jpeg', data: TINY_JPEG}}, ...PICTURE_HINTS.map((hint) => ({text: hint}))],
  },
]

describe('gemini line', () => {
  it('llm, hints 0: key and a REST request with systemInstruction, one user content and a JSON schema', () => {
    expect(onTheWire(geminiFormat.toLine(textRequest, 'gemini-3-pro-preview'))).toStrictEqual({
      key: '005-3',
      request: {
        systemInstruction: {parts: [{text: system}]},
        contents: [{role: 'user', parts: [{text: TEXT_QUESTION}]}],
        generationConfig: {responseMimeType: 'application/json', responseJsonSchema: BenchmarkAnswer.schema},
      },
    })
  })

  it('vlm, hints 4: inline image data after the question, each hint its own part, thinking level', () => {
    const request = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {level: 'high'}, temperature: 1})
    expect(onTheWire(geminiFormat.toLine(request, 'gemini-3-pro-preview'))).toStrictEqual({
      key: 'W16-447',
      request: {
        systemInstruction: {parts: [{text: system}]},
        contents: pictureContents,
        generationConfig: {
          responseMimeType: 'application/json',
          responseJsonSchema: BenchmarkAnswer.schema,
          maxOutputTokens: 8000,
          temperature: 1,
          thinkingConfig: {thinkingLevel: 'HIGH'},
        },
      },
    })
  })

  it('takes a thinking budget too (Gemini 2.5)', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, thinking: {budget: 2048}})
    expect(onTheWire(geminiFormat.toLine(request, 'gemini-2.5-flash'))).toMatchObject({
      request: {generationConfig: {thinkingConfig: {thinkingBudget: 2048}}},
    })
  })

  it('sends a PDF as inline data', () => {
    expect(onTheWire(geminiFormat.toLine(pdfRequest, 'gemini-2.5-flash'))).toMatchObject({
      request: {contents: [{parts: [{inlineData: {mimeType: 'application/pdf', data: 'JVBERi0='}}]}]},
    })
  })
})

describe('gemini line against @google/genai', () => {
  it('is the REST body the SDK sends for the same request (field names, nesting, enum spelling)', async () => {
    const request = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {level: 'high'}, temperature: 1})
    const line = geminiFormat.toLine(request, 'gemini-3-pro-preview') as {request: Record<string, unknown>}

    const sent: unknown[] = []
    const server = createServer((incoming, outgoing) => {
      let body = ''
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()))
      incoming.on('end', () => {
        sent.push(JSON.parse(body))
        outgoing.writeHead(200, {'content-type': 'application/json'})
        outgoing.end(JSON.stringify({candidates: [{content: {role: 'model', parts: [{text: '{}'}]}}]}))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const {GoogleGenAI, ThinkingLevel} = await import('@google/genai')
      const {port} = server.address() as AddressInfo
      const client = new GoogleGenAI({apiKey: 'test', vertexai: false, httpOptions: {baseUrl: `http://127.0.0.1:${port}`}})
      await client.models.generateContent({
        model: 'gemini-3-pro-preview',
        contents: pictureContents,
        config: {
          systemInstruction: {parts: [{text: system ?? ''}]},
          responseMimeType: 'application/json',
          responseJsonSchema: BenchmarkAnswer.schema,
          maxOutputTokens: 8000,
          temperature: 1,
          thinkingConfig: {thinkingLevel: ThinkingLevel.HIGH},
        },
      })
    } finally {
      server.close()
    }
    expect(sent).toStrictEqual([onTheWire(line.request)])
  })
})
