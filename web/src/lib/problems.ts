import { ApiError, type Problem } from './api'
import { words } from './words'

/**
 * Everything that can go wrong, in the reader's language and in plain words: the schema's field errors
 * (the API's own zod schemas, run in the browser and on the server) and the API's problem codes. The API's
 * English `detail` is never shown as is, except for a code this console does not know yet.
 */
const w = words({
  en: {
    required: 'Required',
    invalid: 'This value is not valid',
    tooShort: 'At least {n} characters',
    tooLong: 'At most {n} characters',
    tooSmall: 'At least {n}',
    tooBig: 'At most {n}',
    tooFew: 'Choose at least {n}',
    tooMany: 'At most {n} items',
    choose: 'Choose one of the options',
    date: 'A date: day, month and year',
    email: 'An email address, such as name@example.org',
    number: 'A number',
    wholeNumber: 'A whole number',
    format: 'Not in the expected form',
    unreachable: 'The service cannot be reached. Check the connection and try again.',
    generic404: 'Not found, or outside your area.',
    generic403: 'Your role does not allow this.',
    generic409: 'This conflicts with the record as it is now.',
    generic400: 'Some information is missing or not valid.',
    generic5xx: 'The service had a problem; your change was not applied. Try again in a moment.',
  },
  fr: {
    required: 'Obligatoire',
    invalid: 'Cette valeur n’est pas valide',
    tooShort: 'Au moins {n} caractères',
    tooLong: 'Au plus {n} caractères',
    tooSmall: 'Au moins {n}',
    tooBig: 'Au plus {n}',
    tooFew: 'Choisissez-en au moins {n}',
    tooMany: 'Au plus {n} éléments',
    choose: 'Choisissez une des options',
    date: 'Une date : jour, mois et année',
    email: 'Une adresse électronique, par exemple nom@exemple.org',
    number: 'Un nombre',
    wholeNumber: 'Un nombre entier',
    format: 'Pas dans la forme attendue',
    unreachable: 'Le service est injoignable. Vérifiez la connexion et réessayez.',
    generic404: 'Introuvable, ou hors de votre zone.',
    generic403: 'Votre rôle ne permet pas cette action.',
    generic409: 'Cela contredit la fiche telle qu’elle est maintenant.',
    generic400: 'Des informations manquent ou ne sont pas valides.',
    generic5xx: 'Le service a rencontré un problème ; votre modification n’a pas été appliquée. Réessayez dans un instant.',
  },
  pt: {
    required: 'Obrigatório',
    invalid: 'Este valor não é válido',
    tooShort: 'Pelo menos {n} caracteres',
    tooLong: 'No máximo {n} caracteres',
    tooSmall: 'Pelo menos {n}',
    tooBig: 'No máximo {n}',
    tooFew: 'Escolha pelo menos {n}',
    tooMany: 'No máximo {n} elementos',
    choose: 'Escolha uma das opções',
    date: 'Uma data: dia, mês e ano',
    email: 'Um endereço de e-mail, por exemplo nome@exemplo.org',
    number: 'Um número',
    wholeNumber: 'Um número inteiro',
    format: 'Não está na forma esperada',
    unreachable: 'O serviço não está acessível. Verifique a ligação e tente de novo.',
    generic404: 'Não encontrado, ou fora da sua área.',
    generic403: 'A sua função não permite esta ação.',
    generic409: 'Isto contradiz o registo tal como está agora.',
    generic400: 'Faltam informações ou não são válidas.',
    generic5xx: 'O serviço teve um problema; a sua alteração não foi aplicada. Tente de novo daqui a pouco.',
  },
})

/** The schemas' own messages (refinements and patterns), in plain words. */
const custom = words({
  en: {
    'a birth date in the past': 'A date of birth in the past',
    'letters, digits, space . / -': 'Letters, digits, spaces and . / - only',
    'a phone number': 'A phone number, such as +254 700 123456',
    'a PNG, JPEG or WebP data URL': 'A PNG, JPEG or WebP picture',
    'ISO 3166-1 alpha-3, upper case': 'Choose a country from the list',
    'not an ISO 3166-1 alpha-3 country code': 'Choose a country from the list',
    'at least 12 characters': 'At least 12 characters',
    'expires after it is issued': 'The expiry date must come after the issue date',
    'ends on or after its start': 'The end date cannot come before the start date',
    'say where the worker emigrated to': 'Say which country the worker emigrated to',
    'one value per year': 'One value per year',
    'a DHIS2 uid: 11 characters': 'A DHIS2 code: 11 letters and digits, starting with a letter',
    'an AWS region, e.g. af-south-1': 'A hosting region, such as af-south-1',
  },
  fr: {
    'a birth date in the past': 'Une date de naissance passée',
    'letters, digits, space . / -': 'Lettres, chiffres, espaces et . / - uniquement',
    'a phone number': 'Un numéro de téléphone, par exemple +221 77 123 45 67',
    'a PNG, JPEG or WebP data URL': 'Une image PNG, JPEG ou WebP',
    'ISO 3166-1 alpha-3, upper case': 'Choisissez un pays dans la liste',
    'not an ISO 3166-1 alpha-3 country code': 'Choisissez un pays dans la liste',
    'at least 12 characters': 'Au moins 12 caractères',
    'expires after it is issued': 'La date d’expiration doit suivre la date de délivrance',
    'ends on or after its start': 'La date de fin ne peut précéder la date de début',
    'say where the worker emigrated to': 'Indiquez le pays vers lequel l’agent a émigré',
    'one value per year': 'Une seule valeur par année',
    'a DHIS2 uid: 11 characters': 'Un code DHIS2 : 11 lettres et chiffres, commençant par une lettre',
    'an AWS region, e.g. af-south-1': 'Une région d’hébergement, par exemple af-south-1',
  },
  pt: {
    'a birth date in the past': 'Uma data de nascimento no passado',
    'letters, digits, space . / -': 'Apenas letras, algarismos, espaços e . / -',
    'a phone number': 'Um número de telefone, por exemplo +258 84 123 4567',
    'a PNG, JPEG or WebP data URL': 'Uma imagem PNG, JPEG ou WebP',
    'ISO 3166-1 alpha-3, upper case': 'Escolha um país da lista',
    'not an ISO 3166-1 alpha-3 country code': 'Escolha um país da lista',
    'at least 12 characters': 'Pelo menos 12 caracteres',
    'expires after it is issued': 'A data de validade deve ser posterior à data de emissão',
    'ends on or after its start': 'A data de fim não pode ser anterior à data de início',
    'say where the worker emigrated to': 'Indique o país para onde o profissional emigrou',
    'one value per year': 'Um valor por ano',
    'a DHIS2 uid: 11 characters': 'Um código DHIS2: 11 letras e algarismos, a começar por uma letra',
    'an AWS region, e.g. af-south-1': 'Uma região de alojamento, por exemplo af-south-1',
  },
})
const customKeys = new Set(Object.keys({ 'a birth date in the past': 1, 'letters, digits, space . / -': 1, 'a phone number': 1, 'a PNG, JPEG or WebP data URL': 1, 'ISO 3166-1 alpha-3, upper case': 1, 'not an ISO 3166-1 alpha-3 country code': 1, 'at least 12 characters': 1, 'expires after it is issued': 1, 'ends on or after its start': 1, 'say where the worker emigrated to': 1, 'one value per year': 1, 'a DHIS2 uid: 11 characters': 1, 'an AWS region, e.g. af-south-1': 1 }))

const rules = words({
  en: { letter: 'Must contain a letter', 'hidden-characters': 'Remove the invisible or control characters (they often come from copying and pasting)', 'stacked-marks': 'Too many accents or marks on one letter', each: 'Each one only once' },
  fr: { letter: 'Doit contenir une lettre', 'hidden-characters': 'Retirez les caractères invisibles ou de contrôle (ils viennent souvent d’un copier-coller)', 'stacked-marks': 'Trop d’accents ou de signes sur une même lettre', each: 'Chacun une seule fois' },
  pt: { letter: 'Deve conter uma letra', 'hidden-characters': 'Retire os caracteres invisíveis ou de controlo (vêm muitas vezes de copiar e colar)', 'stacked-marks': 'Demasiados acentos ou sinais numa só letra', each: 'Cada um só uma vez' },
})
const ruleOfMessage: Record<string, Parameters<typeof rules>[0]> = {
  'must contain a letter': 'letter',
  'each council once': 'each',
}

/** The subset of a zod issue this console reads (zod v4 issues, in the browser or sent by the API). */
export type Issue = { code?: string; path?: PropertyKey[] | string; message: string; params?: { rule?: string }; rule?: string; minimum?: number | bigint; maximum?: number | bigint; origin?: string; format?: string; expected?: string }

/** One field error in plain words. `value` is what was sent for the field (undefined: nothing was given). */
export function issueText(issue: Issue, value?: unknown): string {
  if (customKeys.has(issue.message)) return custom(issue.message as Parameters<typeof custom>[0])
  const rule = issue.params?.rule ?? issue.rule ?? ruleOfMessage[issue.message] ?? (/^must not contain control characters/.test(issue.message) ? 'hidden-characters' : /too many accents/.test(issue.message) ? 'stacked-marks' : undefined)
  if (rule && rules(rule as Parameters<typeof rules>[0])) return rules(rule as Parameters<typeof rules>[0])
  if (/^must be an? [a-zA-Z ]+ id$/.test(issue.message)) return w('choose')
  const n = Number(issue.minimum ?? issue.maximum ?? 0)
  const missing = value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  switch (issue.code) {
    case 'invalid_type':
      if (missing || / received undefined$/.test(issue.message)) return w('required')
      return issue.expected === 'number' ? w('number') : issue.expected === 'int' ? w('wholeNumber') : w('invalid')
    case 'too_small':
      if (missing || (issue.origin === 'string' && n <= 1)) return w('required')
      return issue.origin === 'string' ? w('tooShort', { n }) : issue.origin === 'array' ? w('tooFew', { n }) : w('tooSmall', { n })
    case 'too_big':
      return issue.origin === 'string' ? w('tooLong', { n }) : issue.origin === 'array' ? w('tooMany', { n }) : w('tooBig', { n })
    case 'invalid_value':
    case 'invalid_union':
      return missing ? w('required') : w('choose')
    case 'invalid_format':
      if (issue.format === 'date') return missing ? w('required') : w('date')
      if (issue.format === 'email') return w('email')
      return w('format')
    default:
      return missing ? w('required') : w('invalid')
  }
}

/** Field errors keyed by the first path segment, the first error of each field. */
export function fieldIssues(issues: readonly Issue[] | undefined, values: Record<string, unknown> = {}): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of issues ?? []) {
    const path = typeof i.path === 'string' ? i.path.split('.') : (i.path ?? []).map(String)
    // nested objects of the schemas (contacts, codes, coordinates) are separate fields on a form
    const field = (['contacts', 'codes', 'coordinates'].includes(path[0] ?? '') ? path[1] : path[0]) ?? ''
    out[field] ??= issueText(i, path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), values))
  }
  return out
}

const codes = words({
  en: {
    'worker.duplicate': 'A health worker with this identifier is already registered.',
    'worker.probable_duplicate': 'This person may be registered already: compare with the records below.',
    'worker.cadre_not_found': 'Choose a cadre from the list.',
    'worker.org_unit_not_found': 'Choose a unit or facility from the list (inside your area).',
    'worker.org_unit_required': 'Choose a unit or facility inside your area.',
    'worker.merged': 'This record was merged into another one.',
    'worker.merge_self': 'Choose two different records.',
    'worker.not_active': 'This worker has left the workforce: record their return (status active) before deploying them.',
    'worker.already_exited': 'This worker has already left the workforce.',
    'worker.not_found': 'This health worker does not exist, or is outside your area.',
    'licence.number_taken': 'This licence number is already held by someone with this council.',
    'licence.dates': 'The expiry date must come after the issue date.',
    'licence.renewal_not_later': 'The new expiry date must be later than the current one.',
    'licence.revoked': 'This licence is revoked; reinstate it first.',
    'licence.not_found': 'This licence does not exist.',
    'deployment.dates': 'The end date cannot come before the start date.',
    'deployment.facility_not_found': 'Choose a facility from the list (inside your area).',
    'deployment.not_a_facility': 'Choose a facility, not an administrative unit.',
    'deployment.overlap': 'A current deployment starts after this date; end it first or choose a later date.',
    'deployment.not_found': 'This deployment does not exist.',
    'orgunit.parent_not_found': 'The parent unit does not exist.',
    'orgunit.parent_is_facility': 'A facility cannot contain other units.',
    'orgunit.cycle': 'A unit cannot move under itself.',
    'orgunit.not_facility': 'Only facilities have a type, ownership and coordinates.',
    'orgunit.not_found': 'This unit does not exist, or is outside your area.',
    'version.mismatch': 'Someone else changed this record meanwhile. Reload it to see their change, then make yours again.',
    'version.required': 'Reload the record and try again.',
    'auth.invalid_credentials': 'Wrong email or password.',
    'auth.throttled': 'Too many failed sign-ins. Wait a few minutes and try again.',
    'auth.forbidden': 'Your role does not allow this.',
    'auth.required': 'Sign in first.',
    'auth.session_ended': 'Your session has ended. Sign in again.',
    'auth.refresh_reused': 'Your session was ended for safety. Sign in again.',
    'auth.wrong_password': 'The current password is wrong.',
    'tenant.suspended': 'This country’s access is suspended. Contact your partner.',
    'tenant.inactive': 'This country is not active.',
    'tenant.has_admin': 'This country already has a ministry admin; they invite further users.',
    'tenant.admin_invited': 'An invitation for this country’s first ministry admin is waiting: resend or revoke it.',
    'tenant.not_suspended': 'Suspend the country before offboarding it.',
    'tenant.offboarded': 'This country has been offboarded.',
    'tenant.partner_required': 'Choose the partner that supports this country.',
    'invitation.invalid': 'This invitation link does not work: it was used already, replaced by a newer link, revoked, or it has expired. Ask the person who invited you for a new link.',
    'invitation.not_pending': 'This invitation was accepted or revoked already.',
    'membership.exists': 'This person already has a role here.',
    'user.self_remove': 'You cannot remove yourself; ask another ministry admin.',
    'user.self_role': 'You cannot change your own role; ask another ministry admin.',
    'user.self_deactivate': 'You cannot deactivate yourself; ask another ministry admin.',
    'user.already_deactivated': 'This person is deactivated already.',
    'user.not_deactivated': 'This person is active already.',
    'user.last_admin': 'This is the country’s last active ministry admin: make someone else a ministry admin first.',
    'user.admins_changed': 'The country’s admins changed at the same moment. Please try again.',
    'user.email_taken': 'This email already has an account: sign in to accept the invitation.',
    'rate.limited': 'Too many requests at once. Wait a moment and try again.',
    'service.unavailable': 'The registry is busy; your change was not applied. Try again in a moment.',
    'write.conflict': 'This conflicts with the record as it is now. Reload and try again.',
    'request.invalid': 'Some information is missing or not valid.',
    'job.failed': 'The work met an unexpected error. What was done so far is kept; start it again, and if it happens again, tell your support team.',
    'job.file_gone': 'This file is no longer kept. Export the country again to get a new one.',
    'indicators.rebuild_running': 'The figures are already being recounted. Follow that recount below; you can start another once it has finished.',
    'import.empty_file': 'The file is empty.',
    'import.file_too_large': 'The file is too large: split it into smaller files.',
    'import.malformed_file': 'The file cannot be read. Save it again as CSV (UTF-8) or Excel .xlsx and try again.',
    'import.no_header': 'The file has no header row: its first line must name the columns.',
    'import.xls_not_supported': 'An old Excel workbook (.xls) cannot be read: save it as .xlsx or CSV.',
    'import.json_for_facilities_only': 'A JSON file (a DHIS2 export) can only bring in units and facilities: choose that kind, or send a CSV.',
    'import.kind_not_supported': 'This kind of import is not available yet.',
    'import.file_received': 'This import has its file already; start a new import for another file.',
    'import.no_file': 'The file has not arrived. Send it again.',
    'import.not_checkable': 'This import cannot be checked again: it was imported or dropped.',
    'import.not_checked': 'Only a checked file can be imported, and only once.',
    'import.commit_running': 'Another file is being imported in this country; wait until it has finished.',
    'import.finished': 'This import has already finished.',
    'import.changed': 'This import changed meanwhile. Reload the page.',
    'import.parts_missing': 'The checked rows of this import are no longer kept: check the file again.',
    'job.not_cancellable': 'This work can no longer stop halfway; it will finish shortly.',
    'job.finished': 'This work has already finished.',
    'job.not_done': 'The file is ready once the work is done.',
    'job.no_file': 'This work has no file to download.',
    'tenant.exists': 'This country is already on the platform.',
    'tenant.offboarding': 'This country is being offboarded.',
    'orgunit.move_running': 'Another move is under way in this country; wait until it has finished.',
    'orgunit.same_parent': 'The unit is there already.',
    'period.open': 'This year is open already.',
    'period.not_open': 'This year is not open: reopen it first.',
    'period.not_frozen': 'Freeze this year first.',
    'period.future': 'A year can be frozen once it has begun.',
    'user.admin_scoped': 'A ministry admin works across the whole country: leave the area empty, or choose a registrar, manager or viewer role.',
    'user.org_unit_not_found': 'Choose an area from the list.',
    'user.scope_not_allowed': 'Only a role in a country can be limited to an area.',
    'sharing.donor_not_found': 'Choose a donor from the list.',
    'dhis2.no_mapping': 'Match the indicators to DHIS2 data elements first.',
    'indicator.unit': 'Choose a region or district of your country.',
    'indicator.population_unit': 'Population is entered for units, not for facilities.',
    'indicator.scoped_user': 'The figures are for users of the whole country.',
    'licence.not_renewable': 'This licence cannot be renewed as it is; reinstate it first.',
    'licence.unknown_council': 'Choose one of the country’s licensing councils.',
    'partner.not_found': 'Choose a partner from the list.',
    'write.too_large': 'Too many changes at once: send them in smaller parts.',
    internal: 'Something went wrong on our side. Try again; if it persists, report it with the time it happened.',
  },
  fr: {
    'worker.duplicate': 'Un agent de santé avec cet identifiant est déjà enregistré.',
    'worker.probable_duplicate': 'Cette personne est peut-être déjà enregistrée : comparez avec les fiches ci-dessous.',
    'worker.cadre_not_found': 'Choisissez un cadre dans la liste.',
    'worker.org_unit_not_found': 'Choisissez une unité ou une structure dans la liste (dans votre zone).',
    'worker.org_unit_required': 'Choisissez une unité ou une structure dans votre zone.',
    'worker.merged': 'Cette fiche a été fusionnée avec une autre.',
    'worker.merge_self': 'Choisissez deux fiches différentes.',
    'worker.not_active': 'Cet agent a quitté le personnel : enregistrez son retour (statut actif) avant de l’affecter.',
    'worker.already_exited': 'Cet agent a déjà quitté le personnel.',
    'worker.not_found': 'Cet agent de santé n’existe pas, ou est hors de votre zone.',
    'licence.number_taken': 'Ce numéro de licence est déjà attribué auprès de cet ordre.',
    'licence.dates': 'La date d’expiration doit suivre la date de délivrance.',
    'licence.renewal_not_later': 'La nouvelle date d’expiration doit être postérieure à l’actuelle.',
    'licence.revoked': 'Cette licence est révoquée ; rétablissez-la d’abord.',
    'licence.not_found': 'Cette licence n’existe pas.',
    'deployment.dates': 'La date de fin ne peut précéder la date de début.',
    'deployment.facility_not_found': 'Choisissez une structure dans la liste (dans votre zone).',
    'deployment.not_a_facility': 'Choisissez une structure, pas une unité administrative.',
    'deployment.overlap': 'Une affectation en cours commence après cette date ; terminez-la d’abord ou choisissez une date plus tardive.',
    'deployment.not_found': 'Cette affectation n’existe pas.',
    'orgunit.parent_not_found': 'L’unité parente n’existe pas.',
    'orgunit.parent_is_facility': 'Une structure ne peut pas contenir d’autres unités.',
    'orgunit.cycle': 'Une unité ne peut pas être déplacée sous elle-même.',
    'orgunit.not_facility': 'Seules les structures ont un type, un statut et des coordonnées.',
    'orgunit.not_found': 'Cette unité n’existe pas, ou est hors de votre zone.',
    'version.mismatch': 'Quelqu’un d’autre a modifié cette fiche entre-temps. Rechargez-la pour voir sa modification, puis refaites la vôtre.',
    'version.required': 'Rechargez la fiche et réessayez.',
    'auth.invalid_credentials': 'Courriel ou mot de passe incorrect.',
    'auth.throttled': 'Trop de tentatives de connexion échouées. Attendez quelques minutes et réessayez.',
    'auth.forbidden': 'Votre rôle ne permet pas cette action.',
    'auth.required': 'Connectez-vous d’abord.',
    'auth.session_ended': 'Votre session a pris fin. Reconnectez-vous.',
    'auth.refresh_reused': 'Votre session a été fermée par sécurité. Reconnectez-vous.',
    'auth.wrong_password': 'Le mot de passe actuel est incorrect.',
    'tenant.suspended': 'L’accès de ce pays est suspendu. Contactez votre partenaire.',
    'tenant.inactive': 'Ce pays n’est pas actif.',
    'tenant.has_admin': 'Ce pays a déjà un administrateur du ministère ; c’est lui qui invite les autres utilisateurs.',
    'tenant.admin_invited': 'Une invitation pour le premier administrateur du ministère est en attente : renvoyez-la ou révoquez-la.',
    'tenant.not_suspended': 'Suspendez le pays avant de le retirer.',
    'tenant.offboarded': 'Ce pays a été retiré de la plateforme.',
    'tenant.partner_required': 'Choisissez le partenaire qui accompagne ce pays.',
    'invitation.invalid': 'Ce lien d’invitation ne fonctionne pas : il a déjà servi, a été remplacé par un lien plus récent, révoqué, ou il a expiré. Demandez un nouveau lien à la personne qui vous a invité.',
    'invitation.not_pending': 'Cette invitation a déjà été acceptée ou révoquée.',
    'membership.exists': 'Cette personne a déjà un rôle ici.',
    'user.self_remove': 'Vous ne pouvez pas vous retirer vous-même ; demandez à un autre administrateur.',
    'user.self_role': 'Vous ne pouvez pas changer votre propre rôle ; demandez à un autre administrateur.',
    'user.self_deactivate': 'Vous ne pouvez pas vous désactiver vous-même ; demandez à un autre administrateur.',
    'user.already_deactivated': 'Cette personne est déjà désactivée.',
    'user.not_deactivated': 'Cette personne est déjà active.',
    'user.last_admin': 'C’est le dernier administrateur actif du ministère pour ce pays : nommez d’abord quelqu’un d’autre administrateur.',
    'user.admins_changed': 'Les administrateurs du pays ont changé au même moment. Veuillez réessayer.',
    'user.email_taken': 'Ce courriel a déjà un compte : connectez-vous pour accepter l’invitation.',
    'rate.limited': 'Trop de requêtes à la fois. Patientez un instant et réessayez.',
    'service.unavailable': 'Le registre est occupé ; votre modification n’a pas été appliquée. Réessayez dans un instant.',
    'write.conflict': 'Cela contredit la fiche telle qu’elle est maintenant. Rechargez et réessayez.',
    'request.invalid': 'Des informations manquent ou ne sont pas valides.',
    'job.failed': 'Le travail a rencontré une erreur inattendue. Ce qui a été fait est conservé ; relancez-le, et si cela se reproduit, prévenez votre équipe d’appui.',
    'job.file_gone': 'Ce fichier n’est plus conservé. Exportez à nouveau le pays pour en obtenir un nouveau.',
    'indicators.rebuild_running': 'Les chiffres sont déjà en cours de recomptage. Suivez ce recomptage ci-dessous ; vous pourrez en lancer un autre quand il sera terminé.',
    'import.empty_file': 'Le fichier est vide.',
    'import.file_too_large': 'Le fichier est trop volumineux : découpez-le en fichiers plus petits.',
    'import.malformed_file': 'Le fichier ne peut pas être lu. Enregistrez-le à nouveau en CSV (UTF-8) ou en Excel .xlsx et réessayez.',
    'import.no_header': 'Le fichier n’a pas de ligne d’en-tête : sa première ligne doit nommer les colonnes.',
    'import.xls_not_supported': 'Un ancien classeur Excel (.xls) ne peut pas être lu : enregistrez-le en .xlsx ou en CSV.',
    'import.json_for_facilities_only': 'Un fichier JSON (un export DHIS2) ne peut apporter que des unités et des structures : choisissez ce contenu, ou envoyez un CSV.',
    'import.kind_not_supported': 'Ce type d’import n’est pas encore disponible.',
    'import.file_received': 'Cet import a déjà son fichier ; commencez un nouvel import pour un autre fichier.',
    'import.no_file': 'Le fichier n’est pas arrivé. Envoyez-le à nouveau.',
    'import.not_checkable': 'Cet import ne peut plus être vérifié : il a été importé ou abandonné.',
    'import.not_checked': 'Seul un fichier vérifié peut être importé, et une seule fois.',
    'import.commit_running': 'Un autre fichier est en cours d’import dans ce pays ; attendez qu’il soit terminé.',
    'import.finished': 'Cet import est déjà terminé.',
    'import.changed': 'Cet import a changé entre-temps. Rechargez la page.',
    'import.parts_missing': 'Les lignes vérifiées de cet import ne sont plus conservées : vérifiez à nouveau le fichier.',
    'job.not_cancellable': 'Ce travail ne peut plus s’arrêter en cours de route ; il se termine bientôt.',
    'job.finished': 'Ce travail est déjà terminé.',
    'job.not_done': 'Le fichier sera prêt une fois le travail terminé.',
    'job.no_file': 'Ce travail n’a pas de fichier à télécharger.',
    'tenant.exists': 'Ce pays est déjà sur la plateforme.',
    'tenant.offboarding': 'Ce pays est en cours de retrait.',
    'orgunit.move_running': 'Un autre déplacement est en cours dans ce pays ; attendez qu’il soit terminé.',
    'orgunit.same_parent': 'L’unité s’y trouve déjà.',
    'period.open': 'Cette année est déjà ouverte.',
    'period.not_open': 'Cette année n’est pas ouverte : rouvrez-la d’abord.',
    'period.not_frozen': 'Figez d’abord cette année.',
    'period.future': 'Une année peut être figée une fois commencée.',
    'user.admin_scoped': 'Un administrateur du ministère travaille sur tout le pays : laissez la zone vide, ou choisissez un rôle d’agent d’enregistrement, de gestionnaire ou de lecteur.',
    'user.org_unit_not_found': 'Choisissez une zone dans la liste.',
    'user.scope_not_allowed': 'Seul un rôle dans un pays peut être limité à une zone.',
    'sharing.donor_not_found': 'Choisissez un bailleur dans la liste.',
    'dhis2.no_mapping': 'Faites d’abord correspondre les indicateurs aux éléments de données DHIS2.',
    'indicator.unit': 'Choisissez une région ou un district de votre pays.',
    'indicator.population_unit': 'La population se saisit pour les unités, pas pour les structures.',
    'indicator.scoped_user': 'Les chiffres sont réservés aux utilisateurs de tout le pays.',
    'licence.not_renewable': 'Cette licence ne peut pas être renouvelée en l’état ; rétablissez-la d’abord.',
    'licence.unknown_council': 'Choisissez un des ordres ou conseils du pays.',
    'partner.not_found': 'Choisissez un partenaire dans la liste.',
    'write.too_large': 'Trop de modifications à la fois : envoyez-les en plusieurs parties.',
    internal: 'Un problème est survenu de notre côté. Réessayez ; s’il persiste, signalez-le avec l’heure.',
  },
  pt: {
    'worker.duplicate': 'Já está registado um profissional de saúde com este identificador.',
    'worker.probable_duplicate': 'Esta pessoa pode já estar registada: compare com os registos abaixo.',
    'worker.cadre_not_found': 'Escolha uma categoria da lista.',
    'worker.org_unit_not_found': 'Escolha uma unidade ou estrutura da lista (dentro da sua área).',
    'worker.org_unit_required': 'Escolha uma unidade ou estrutura dentro da sua área.',
    'worker.merged': 'Este registo foi fundido com outro.',
    'worker.merge_self': 'Escolha dois registos diferentes.',
    'worker.not_active': 'Este profissional saiu da força de trabalho: registe o regresso (estado ativo) antes de o colocar.',
    'worker.already_exited': 'Este profissional já saiu da força de trabalho.',
    'worker.not_found': 'Este profissional de saúde não existe, ou está fora da sua área.',
    'licence.number_taken': 'Este número de licença já pertence a outra pessoa nesta ordem.',
    'licence.dates': 'A data de validade deve ser posterior à data de emissão.',
    'licence.renewal_not_later': 'A nova data de validade deve ser posterior à atual.',
    'licence.revoked': 'Esta licença está revogada; reative-a primeiro.',
    'licence.not_found': 'Esta licença não existe.',
    'deployment.dates': 'A data de fim não pode ser anterior à data de início.',
    'deployment.facility_not_found': 'Escolha uma estrutura da lista (dentro da sua área).',
    'deployment.not_a_facility': 'Escolha uma estrutura, não uma unidade administrativa.',
    'deployment.overlap': 'Uma colocação atual começa depois desta data; termine-a primeiro ou escolha uma data posterior.',
    'deployment.not_found': 'Esta colocação não existe.',
    'orgunit.parent_not_found': 'A unidade superior não existe.',
    'orgunit.parent_is_facility': 'Uma estrutura não pode conter outras unidades.',
    'orgunit.cycle': 'Uma unidade não pode ser movida para dentro de si própria.',
    'orgunit.not_facility': 'Só as estruturas têm tipo, propriedade e coordenadas.',
    'orgunit.not_found': 'Esta unidade não existe, ou está fora da sua área.',
    'version.mismatch': 'Outra pessoa alterou este registo entretanto. Recarregue-o para ver a alteração e volte a fazer a sua.',
    'version.required': 'Recarregue o registo e tente de novo.',
    'auth.invalid_credentials': 'E-mail ou palavra-passe errados.',
    'auth.throttled': 'Demasiadas tentativas de entrada falhadas. Aguarde alguns minutos e tente de novo.',
    'auth.forbidden': 'A sua função não permite esta ação.',
    'auth.required': 'Entre primeiro.',
    'auth.session_ended': 'A sua sessão terminou. Entre de novo.',
    'auth.refresh_reused': 'A sua sessão foi terminada por segurança. Entre de novo.',
    'auth.wrong_password': 'A palavra-passe atual está errada.',
    'tenant.suspended': 'O acesso deste país está suspenso. Contacte o seu parceiro.',
    'tenant.inactive': 'Este país não está ativo.',
    'tenant.has_admin': 'Este país já tem um administrador do ministério; é ele quem convida os outros utilizadores.',
    'tenant.admin_invited': 'Há um convite pendente para o primeiro administrador do ministério: reenvie-o ou revogue-o.',
    'tenant.not_suspended': 'Suspenda o país antes de o retirar.',
    'tenant.offboarded': 'Este país foi retirado da plataforma.',
    'tenant.partner_required': 'Escolha o parceiro que apoia este país.',
    'invitation.invalid': 'Esta ligação de convite não funciona: já foi usada, foi substituída por uma mais recente, revogada, ou expirou. Peça uma nova ligação a quem o convidou.',
    'invitation.not_pending': 'Este convite já foi aceite ou revogado.',
    'membership.exists': 'Esta pessoa já tem uma função aqui.',
    'user.self_remove': 'Não se pode remover a si próprio; peça a outro administrador.',
    'user.self_role': 'Não pode alterar a sua própria função; peça a outro administrador.',
    'user.self_deactivate': 'Não se pode desativar a si próprio; peça a outro administrador.',
    'user.already_deactivated': 'Esta pessoa já está desativada.',
    'user.not_deactivated': 'Esta pessoa já está ativa.',
    'user.last_admin': 'É o último administrador ativo do ministério neste país: nomeie primeiro outra pessoa como administrador.',
    'user.admins_changed': 'Os administradores do país mudaram no mesmo momento. Tente de novo.',
    'user.email_taken': 'Este e-mail já tem conta: entre para aceitar o convite.',
    'rate.limited': 'Demasiados pedidos de uma vez. Aguarde um momento e tente de novo.',
    'service.unavailable': 'O registo está ocupado; a sua alteração não foi aplicada. Tente de novo daqui a pouco.',
    'write.conflict': 'Isto contradiz o registo tal como está agora. Recarregue e tente de novo.',
    'request.invalid': 'Faltam informações ou não são válidas.',
    'job.failed': 'O trabalho encontrou um erro inesperado. O que foi feito fica guardado; inicie-o de novo e, se voltar a acontecer, avise a sua equipa de apoio.',
    'job.file_gone': 'Este ficheiro já não é guardado. Exporte o país de novo para obter um novo.',
    'indicators.rebuild_running': 'Os números já estão a ser recontados. Acompanhe essa recontagem abaixo; pode iniciar outra quando terminar.',
    'import.empty_file': 'O ficheiro está vazio.',
    'import.file_too_large': 'O ficheiro é demasiado grande: divida-o em ficheiros mais pequenos.',
    'import.malformed_file': 'O ficheiro não pode ser lido. Guarde-o de novo como CSV (UTF-8) ou Excel .xlsx e tente de novo.',
    'import.no_header': 'O ficheiro não tem linha de cabeçalho: a primeira linha deve dar o nome das colunas.',
    'import.xls_not_supported': 'Um livro Excel antigo (.xls) não pode ser lido: guarde-o como .xlsx ou CSV.',
    'import.json_for_facilities_only': 'Um ficheiro JSON (uma exportação DHIS2) só pode trazer unidades e estruturas: escolha esse conteúdo, ou envie um CSV.',
    'import.kind_not_supported': 'Este tipo de importação ainda não está disponível.',
    'import.file_received': 'Esta importação já tem o seu ficheiro; comece uma nova importação para outro ficheiro.',
    'import.no_file': 'O ficheiro não chegou. Envie-o de novo.',
    'import.not_checkable': 'Esta importação já não pode ser verificada: foi importada ou abandonada.',
    'import.not_checked': 'Só um ficheiro verificado pode ser importado, e uma só vez.',
    'import.commit_running': 'Está a ser importado outro ficheiro neste país; aguarde que termine.',
    'import.finished': 'Esta importação já terminou.',
    'import.changed': 'Esta importação mudou entretanto. Recarregue a página.',
    'import.parts_missing': 'As linhas verificadas desta importação já não estão guardadas: verifique o ficheiro de novo.',
    'job.not_cancellable': 'Este trabalho já não pode parar a meio; termina em breve.',
    'job.finished': 'Este trabalho já terminou.',
    'job.not_done': 'O ficheiro fica pronto quando o trabalho terminar.',
    'job.no_file': 'Este trabalho não tem ficheiro para descarregar.',
    'tenant.exists': 'Este país já está na plataforma.',
    'tenant.offboarding': 'Este país está a ser retirado.',
    'orgunit.move_running': 'Está em curso outro movimento neste país; aguarde que termine.',
    'orgunit.same_parent': 'A unidade já lá está.',
    'period.open': 'Este ano já está aberto.',
    'period.not_open': 'Este ano não está aberto: reabra-o primeiro.',
    'period.not_frozen': 'Congele primeiro este ano.',
    'period.future': 'Um ano só pode ser congelado depois de começar.',
    'user.admin_scoped': 'Um administrador do ministério trabalha em todo o país: deixe a área vazia, ou escolha a função de registador, gestor ou leitor.',
    'user.org_unit_not_found': 'Escolha uma área da lista.',
    'user.scope_not_allowed': 'Só uma função num país pode ser limitada a uma área.',
    'sharing.donor_not_found': 'Escolha um doador da lista.',
    'dhis2.no_mapping': 'Faça primeiro corresponder os indicadores aos elementos de dados do DHIS2.',
    'indicator.unit': 'Escolha uma região ou distrito do seu país.',
    'indicator.population_unit': 'A população é indicada para unidades, não para estruturas.',
    'indicator.scoped_user': 'Os números são para utilizadores de todo o país.',
    'licence.not_renewable': 'Esta licença não pode ser renovada tal como está; reponha-a primeiro.',
    'licence.unknown_council': 'Escolha uma das ordens ou conselhos do país.',
    'partner.not_found': 'Escolha um parceiro da lista.',
    'write.too_large': 'Demasiadas alterações de uma vez: envie-as em partes mais pequenas.',
    internal: 'Algo correu mal do nosso lado. Tente de novo; se persistir, comunique-o com a hora.',
  },
})
type Code = Parameters<typeof codes>[0]

/** A problem in the reader's words: by its code; by its status for a code this console does not know. */
export function problemText(p: Pick<Problem, 'status' | 'code' | 'detail'>): string {
  const text = codes(p.code as Code)
  if (text) return text
  if (p.status === 404) return w('generic404')
  if (p.status === 403) return w('generic403')
  if (p.status === 409) return w('generic409')
  if (p.status >= 500 || p.status === 0) return w('generic5xx')
  return p.detail || w('generic400')
}

/** Any error a request can end in, for a person to read. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return problemText(err.problem)
  return w('unreachable')
}

/** A refusal's field errors: the schema's issues, and the one field a domain rule names (`field`). */
export function problemFields(p: Problem, values: Record<string, unknown> = {}): Record<string, string> {
  const out = fieldIssues(p.errors as Issue[] | undefined, values)
  const field = (p as { field?: string }).field
  if (field) out[field] ??= problemText(p)
  return out
}
