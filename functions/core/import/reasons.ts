/**
 * Why a row of an import is what it is: a stable code, and its words in English, French and Portuguese
 * (`{name}` is filled from the params). The API answers with the English text; the console and the
 * report's CSV say it in the reader's language. Shared with the console: no Node imports here.
 */
type Words = { en: string; fr: string; pt: string }

export const reasons = {
  'import.required': { en: 'A value is needed here to create the record', fr: 'Une valeur est nécessaire ici pour créer la fiche', pt: 'É necessário um valor aqui para criar o registo' },
  'import.missing_column': { en: 'No column of the file is matched to “{field}”, which a new record needs', fr: 'Aucune colonne du fichier ne correspond à « {field} », nécessaire pour créer une fiche', pt: 'Nenhuma coluna do ficheiro corresponde a «{field}», necessária para criar um registo' },
  'import.invalid': { en: 'Not valid: {detail}', fr: 'Valeur non valide : {detail}', pt: 'Valor inválido: {detail}' },
  'import.invalid_date': { en: 'Not a date: write it as 2024-03-31 or 31/03/2024', fr: 'Ce n’est pas une date : écrivez 2024-03-31 ou 31/03/2024', pt: 'Não é uma data: escreva 2024-03-31 ou 31/03/2024' },
  'import.invalid_choice': { en: 'Not one of the accepted values ({allowed})', fr: 'Ne fait pas partie des valeurs acceptées ({allowed})', pt: 'Não é um dos valores aceites ({allowed})' },
  'import.invalid_country': { en: 'Not a country: give its name or its three-letter code (KEN)', fr: 'Ce n’est pas un pays : donnez son nom ou son code à trois lettres (SEN)', pt: 'Não é um país: indique o nome ou o código de três letras (MOZ)' },
  'import.invalid_number': { en: 'Not a number', fr: 'Ce n’est pas un nombre', pt: 'Não é um número' },
  'import.too_long': { en: 'Too long (at most {max} characters)', fr: 'Trop long ({max} caractères au plus)', pt: 'Demasiado longo (no máximo {max} caracteres)' },
  'import.extra_cells': { en: 'The row has {count} cells but the header has {columns}: cells past the header are not read', fr: 'La ligne a {count} cellules mais l’en-tête {columns} : les cellules en trop ne sont pas lues', pt: 'A linha tem {count} células mas o cabeçalho tem {columns}: as células a mais não são lidas' },
  'import.placeholder_code': { en: '“{value}” looks like a placeholder, not a real code: not kept', fr: '« {value} » ressemble à un code provisoire, pas à un vrai code : non retenu', pt: '«{value}» parece um código provisório, não um código real: não guardado' },
  'import.duplicate_row': { en: 'Same {field} as row {row} of this file: only the first is imported', fr: 'Même {field} que la ligne {row} de ce fichier : seule la première est importée', pt: 'Mesmo {field} que a linha {row} deste ficheiro: só a primeira é importada' },
  'import.row_imported': { en: 'This row of the same file was imported already ({importId})', fr: 'Cette ligne du même fichier a déjà été importée ({importId})', pt: 'Esta linha do mesmo ficheiro já foi importada ({importId})' },
  'import.exists': { en: 'Already in the registry, with nothing to change', fr: 'Déjà dans le registre, rien à changer', pt: 'Já está no registo, nada a alterar' },
  'import.would_update': { en: 'Already in the registry: would change {fields}', fr: 'Déjà dans le registre : modifierait {fields}', pt: 'Já está no registo: alteraria {fields}' },
  'import.same_name': { en: 'A facility of this name is already in this unit: kept as it is (give the row a code to update it)', fr: 'Une formation sanitaire de ce nom existe déjà dans cette unité : laissée telle quelle (donnez un code pour la mettre à jour)', pt: 'Já existe uma unidade sanitária com este nome nesta unidade: mantida (indique um código para a atualizar)' },
  'import.cadre_not_found': { en: 'No cadre “{value}” in this country{suggestions}', fr: 'Aucun cadre « {value} » dans ce pays{suggestions}', pt: 'Nenhuma categoria «{value}» neste país{suggestions}' },
  'import.facility_not_found': { en: 'No facility “{value}”{suggestions}', fr: 'Aucune formation sanitaire « {value} »{suggestions}', pt: 'Nenhuma unidade sanitária «{value}»{suggestions}' },
  'import.facility_ambiguous': { en: '{count} facilities are called “{value}” ({candidates}): add the district or the facility code', fr: '{count} formations sanitaires s’appellent « {value} » ({candidates}) : ajoutez le district ou le code', pt: '{count} unidades sanitárias chamam-se «{value}» ({candidates}): indique o distrito ou o código' },
  'import.unit_not_found': { en: 'No unit “{value}”{suggestions}', fr: 'Aucune unité « {value} »{suggestions}', pt: 'Nenhuma unidade «{value}»{suggestions}' },
  'import.unit_ambiguous': { en: '{count} units are called “{value}” ({candidates}): use its code', fr: '{count} unités s’appellent « {value} » ({candidates}) : utilisez son code', pt: '{count} unidades chamam-se «{value}» ({candidates}): use o código' },
  'import.parent_not_found': { en: 'The parent “{value}” is neither in the registry nor in this file', fr: 'Le parent « {value} » n’est ni dans le registre ni dans ce fichier', pt: 'O pai «{value}» não está no registo nem neste ficheiro' },
  'import.unit_spelling': { en: '“{value}” is close to “{suggestion}”{where}: correct the spelling so one unit is not made twice', fr: '« {value} » ressemble à « {suggestion} »{where} : corrigez l’orthographe pour ne pas créer deux fois la même unité', pt: '«{value}» é parecido com «{suggestion}»{where}: corrija a ortografia para não criar a mesma unidade duas vezes' },
  'import.creates_units': { en: 'Creates {units}', fr: 'Crée {units}', pt: 'Cria {units}' },
  'import.identifiers_conflict': { en: 'These identifiers belong to two different workers in the registry', fr: 'Ces identifiants appartiennent à deux agents différents du registre', pt: 'Estes identificadores pertencem a dois trabalhadores diferentes do registo' },
  'import.outside_area': { en: 'This worker is registered outside your area', fr: 'Cet agent est enregistré hors de votre zone', pt: 'Este trabalhador está registado fora da sua área' },
  'import.worker_not_found': { en: 'No worker in the registry has these identifiers', fr: 'Aucun agent du registre n’a ces identifiants', pt: 'Nenhum trabalhador do registo tem estes identificadores' },
  'import.no_identifier': { en: 'Give a national ID, a registry number or a licence (council and number)', fr: 'Donnez un n° d’identité, un numéro de registre ou une licence (ordre et numéro)', pt: 'Indique um n.º de identificação, um número de registo ou uma licença (ordem e número)' },
  'import.licence_taken': { en: 'Licence {value} is held by another worker', fr: 'La licence {value} appartient à un autre agent', pt: 'A licença {value} pertence a outro trabalhador' },
  'import.licence_incomplete': { en: 'A licence needs its council, number, issue and expiry dates', fr: 'Une licence demande l’ordre, le numéro et les dates de délivrance et d’expiration', pt: 'Uma licença precisa da ordem, do número e das datas de emissão e de validade' },
  'import.unknown_council': { en: '“{value}” is not one of the country’s licensing councils ({allowed})', fr: '« {value} » n’est pas un des ordres du pays ({allowed})', pt: '«{value}» não é uma das ordens do país ({allowed})' },
  'import.merged': { en: 'This record was merged into {value}: import into that one', fr: 'Cette fiche a été fusionnée dans {value} : importez dans celle-ci', pt: 'Este registo foi fundido em {value}: importe nesse' },
  'import.identifier_differs': { en: 'The worker found by the other identifiers has {registered} here in the registry: correct the row or the record', fr: 'L’agent trouvé par les autres identifiants a {registered} ici dans le registre : corrigez la ligne ou la fiche', pt: 'O trabalhador encontrado pelos outros identificadores tem {registered} aqui no registo: corrija a linha ou o registo' },
  'import.other_person': { en: 'These identifiers belong to {registered} in the registry, whose names and birth date all differ: left as it is (check the identifier)', fr: 'Ces identifiants sont ceux de {registered} dans le registre, dont les noms et la date de naissance diffèrent tous : laissé tel quel (vérifiez l’identifiant)', pt: 'Estes identificadores são de {registered} no registo, cujos nomes e data de nascimento são todos diferentes: mantido (verifique o identificador)' },
  'import.deployment_overlap': { en: 'Deployed at {facility} since {start}, after this start date: give a later start to transfer', fr: 'Affecté à {facility} depuis le {start}, après cette date : donnez une date de début plus tardive pour la mutation', pt: 'Colocado em {facility} desde {start}, depois desta data: indique um início posterior para a transferência' },
  'import.isco_unknown': { en: '“{value}” is not an ISCO-08 health occupation code (2211, 2221, 3253…)', fr: '« {value} » n’est pas un code CITP-08 de profession de santé (2211, 2221, 3253…)', pt: '«{value}» não é um código CITP-08 de profissão de saúde (2211, 2221, 3253…)' },
  'import.occupation_not_found': { en: 'No health occupation “{value}” in ISCO-08{suggestions}', fr: 'Aucune profession de santé « {value} » dans la CITP-08{suggestions}', pt: 'Nenhuma profissão de saúde «{value}» na CITP-08{suggestions}' },
  'import.already_exited': { en: 'This worker has already left the workforce', fr: 'Cet agent a déjà quitté les effectifs', pt: 'Este trabalhador já saiu da força de trabalho' },
  'import.closed': { en: 'Closed on {value}: not imported', fr: 'Fermée le {value} : non importée', pt: 'Encerrada em {value}: não importada' },
  'import.closes_later': { en: 'Due to close on {value}', fr: 'Fermeture prévue le {value}', pt: 'Encerramento previsto em {value}' },
  'import.ownership_assumed': { en: 'Ownership not given or not recognised: recorded as public', fr: 'Statut absent ou non reconnu : enregistrée comme publique', pt: 'Propriedade ausente ou não reconhecida: registada como pública' },
  'import.type_assumed': { en: 'Facility type not given or not recognised: recorded as “other”', fr: 'Type absent ou non reconnu : enregistré comme « autre »', pt: 'Tipo ausente ou não reconhecido: registado como «outro»' },
  'import.start_assumed': { en: 'No deployment start date: today is used', fr: 'Pas de date de début d’affectation : la date du jour est utilisée', pt: 'Sem data de início da colocação: é usada a data de hoje' },
  'import.unit_without_children': { en: 'A unit with nothing under it', fr: 'Une unité sans rien en dessous', pt: 'Uma unidade sem nada abaixo' },
  'import.trimmed': { en: 'Spaces around “{value}” removed', fr: 'Espaces autour de « {value} » supprimés', pt: 'Espaços à volta de «{value}» removidos' },
  'import.commit_failed': { en: 'Not imported: {detail}', fr: 'Non importée : {detail}', pt: 'Não importada: {detail}' },
} satisfies Record<string, Words>

export type ReasonCode = keyof typeof reasons
export type ReasonLang = keyof Words

const closest: Words = { en: ' (closest: {list})', fr: ' (les plus proches : {list})', pt: ' (mais próximos: {list})' }
const inRow: Words = { en: ' (row {row})', fr: ' (ligne {row})', pt: ' (linha {row})' }
const inRegistry: Words = { en: ' (in the registry)', fr: ' (dans le registre)', pt: ' (no registo)' }

/** The reason in words, its `{params}` filled in (lists joined; `suggestions` and `nearRow` worded per language). */
export function reasonText(code: string, lang: ReasonLang = 'en', params: Record<string, unknown> = {}) {
  const words = (reasons as Record<string, Words>)[code]
  const template = words ? words[lang] : code
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (name === 'suggestions') return Array.isArray(value) && value.length ? closest[lang].replace('{list}', value.map((v) => `“${v}”`).join(', ')) : ''
    if (name === 'where') return params.nearRow ? inRow[lang].replace('{row}', String(params.nearRow)) : inRegistry[lang]
    return Array.isArray(value) ? value.join(', ') : String(value ?? '')
  })
}
