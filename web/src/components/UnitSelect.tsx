import { createMemo } from 'solid-js'
import { label } from '../lib/labels'
import { unitLabel, useUnits, type Unit } from '../lib/reference'
import { SelectField } from './Field'

/**
 * A unit or facility picker that keeps the hierarchy: indented in tree order, each with its level (or
 * facility type), so a region and a district of the same name read differently. Filled from the one
 * shared `/org-units/tree` answer.
 */
export function UnitSelect(props: {
  id: string
  label: string
  value: string
  onChange: (id: string) => void
  /** which nodes can be chosen: units, facilities, or both (the others are shown, disabled, for context) */
  pick?: 'unit' | 'facility' | 'any'
  exclude?: (u: Unit) => boolean
  error?: string
  required?: boolean
  placeholder?: string
  hint?: string
}) {
  const [units] = useUnits()
  const options = createMemo(() => {
    const pick = props.pick ?? 'any'
    const list = (units() ?? []).filter((u) => !props.exclude?.(u))
    // facilities are leaves: when only units are chosen, they are left out (a country has thousands)
    return list
      .filter((u) => pick !== 'unit' || u.kind === 'unit')
      .map((u) => ({
        value: u.id,
        label: u.kind === 'facility' ? `${unitLabel({ ...u, level: undefined })} · ${label('facilityType', u.facilityType)}` : unitLabel(u),
        disabled: pick === 'facility' && u.kind !== 'facility',
      }))
  })
  return (
    <SelectField
      id={props.id}
      label={props.label}
      value={props.value}
      options={options()}
      onChange={props.onChange}
      error={props.error}
      required={props.required}
      placeholder={props.placeholder}
      hint={props.hint}
    />
  )
}
