import { hasRole, session } from './session'
import { words } from './words'

/** The menu's words and rules for the indicator pages (kept apart so the pages themselves load lazily). */
export const figureNav = words({
  en: { figures: 'Figures', sharing: 'Sharing and periods', shared: 'Shared figures', others: 'Other countries' },
  fr: { figures: 'Chiffres', sharing: 'Partage et périodes', shared: 'Chiffres partagés', others: 'Autres pays' },
  pt: { figures: 'Números', sharing: 'Partilha e períodos', shared: 'Números partilhados', others: 'Outros países' },
})

/** users of the whole country read its figures; one confined to a district does not (the API refuses too) */
export const readsFigures = () => hasRole('ministry-admin', 'registrar', 'manager', 'viewer') && !session()?.membership.orgUnitId
/** donors and partners read what countries share with them */
export const readsShared = () => hasRole('donor', 'partner-admin')
/** a ministry's admins and viewers of the whole country read what other countries share with ministries (the API's rule) */
export const readsPeers = () => hasRole('ministry-admin', 'viewer') && !session()?.membership.orgUnitId
