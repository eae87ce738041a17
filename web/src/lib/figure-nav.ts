import { hasRole, session } from './session'
import { words } from './words'

/** The menu's words and rules for the indicator pages (kept apart so the pages themselves load lazily). */
export const figureNav = words({
  en: { figures: 'Figures', sharing: 'Sharing and periods', shared: 'Shared figures' },
  fr: { figures: 'Chiffres', sharing: 'Partage et périodes', shared: 'Chiffres partagés' },
  pt: { figures: 'Números', sharing: 'Partilha e períodos', shared: 'Números partilhados' },
})

/** users of the whole country read its figures; one confined to a district does not (the API refuses too) */
export const readsFigures = () => hasRole('ministry-admin', 'registrar', 'manager', 'viewer') && !session()?.membership.orgUnitId
/** donors and partners read what countries share with them */
export const readsShared = () => hasRole('donor', 'partner-admin')
