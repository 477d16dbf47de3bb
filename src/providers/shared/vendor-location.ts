import {UserError} from '../../core/errors.js'
import type {Destination} from '../../core/destinations/destination.js'
import {guardKeyDestination, type Allowance, type KeyDestination, type SettingOrigin} from '../../core/destinations/host-policy.js'
import {variableSource} from '../../core/env.js'
import type {VendorAddress} from '../addresses.js'

/** Where this environment points a vendor, and which of its key variables is set. */
export interface VendorLocation {
  address: VendorAddress
  /** No trailing slash. */
  baseURL: string
  /** The first of the vendor's key variables that is set; undefined when none is. */
  keyVariable?: string
  /** The base URL variable, when it moved the vendor from the SDK's default. */
  setBy: SettingOrigin[]
}

/** What a connection signs with, once the key is there and allowed where it goes. */
export interface VendorCredentials {
  key: string
  keyVariable: string
  baseURL: string
  allowed: Allowance
}

/** Reads the environment (and `.env`, loaded into it) as the vendor's SDK would: nothing is checked yet. */
export function locateVendor(address: VendorAddress): VendorLocation {
  const override = process.env[address.baseUrlVariable]?.trim()
  return {
    address,
    baseURL: (override || address.defaultBaseURL).replace(/\/+$/, ''),
    keyVariable: address.keyVariables.find((variable) => Boolean(process.env[variable]?.trim())),
    setBy: override ? [{setting: address.baseUrlVariable, source: variableSource(address.baseUrlVariable)}] : [],
  }
}

/**
 * The key and base URL to sign requests with. Refuses in one line, before any request, when no
 * key is set (naming the variables and `.env`) or when the key would go to a host that is
 * neither the vendor's nor loopback nor allowed by the user. The key is never echoed anywhere.
 */
export function vendorCredentials(address: VendorAddress): VendorCredentials {
  const location = locateVendor(address)
  if (location.keyVariable === undefined) throw missingKey(address)
  const allowed = guardKeyDestination(keyDestination(location, location.keyVariable))
  return {key: process.env[location.keyVariable]!.trim(), keyVariable: location.keyVariable, baseURL: location.baseURL, allowed}
}

/** The vendor as a sending command's card shows it; throws when its key may not go there. */
export function vendorDestination(to: string, location: VendorLocation): Destination {
  const {keyVariable} = location
  const destination: Destination = {to, host: baseUrl(location).host, ...(location.setBy.length > 0 && {set_by: location.setBy})}
  if (keyVariable === undefined) return destination
  return {...destination, key_variable: keyVariable, allowed: guardKeyDestination(keyDestination(location, keyVariable))}
}

export function missingKey(address: VendorAddress): UserError {
  return new UserError(`${address.keyVariables.join(' or ')} is not set: add it to .env in this directory or export it in your shell`)
}

/** The base URL parsed; a setting that is no URL is the user's to fix, named with where it was set. */
function baseUrl(location: VendorLocation): URL {
  if (URL.canParse(location.baseURL)) return new URL(location.baseURL)
  const where = location.setBy.map(({setting, source}) => `${setting} in ${source}`).join(', ')
  throw new UserError(`${where || location.address.baseUrlVariable} is not a URL ("${location.baseURL}"): write it as https://host/path, or unset it`)
}

function keyDestination(location: VendorLocation, keyVariable: string): KeyDestination {
  return {
    keyVariable,
    url: baseUrl(location),
    owner: {label: `${location.address.label}'s`, origins: location.address.officialOrigins},
    setBy: location.setBy,
  }
}
