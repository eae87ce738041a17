import { roles } from '../../../functions/core/auth/roles'
import { fundingSources } from '../../../functions/core/deployment/schema'
import { exitKinds, exitReasons } from '../../../functions/core/exit/schema'
import { facilityTypes, ownerships } from '../../../functions/core/orgunit/schema'
import { sexes, trainingOrigins } from '../../../functions/core/worker/schema'
import { stages } from '../../../functions/core/tenant/schema'
import { trainingKinds } from '../../../functions/core/training/schema'
import { lang, type Lang } from './i18n'

/**
 * The words for the API's codes (roles, facility types, exit reasons, ...) in each language. The API keeps
 * its codes; the console shows these. Every code of every list must have a word (checked by the types).
 */
type Words<T extends readonly string[]> = Record<T[number], string>
type Groups = {
  role: Words<typeof roles>
  facilityType: Words<typeof facilityTypes>
  ownership: Words<typeof ownerships>
  trainingKind: Words<typeof trainingKinds>
  exitKind: Words<typeof exitKinds>
  exitReason: Words<typeof exitReasons>
  fundingSource: Words<typeof fundingSources>
  stage: Words<typeof stages>
  trainingOrigin: Words<typeof trainingOrigins>
  sex: Words<typeof sexes>
}
export type Group = keyof Groups

const words: Record<Lang, Groups> = {
  en: {
    role: { 'platform-admin': 'platform admin', 'partner-admin': 'partner admin', 'ministry-admin': 'ministry admin', registrar: 'registrar', manager: 'manager', viewer: 'viewer', donor: 'donor', 'api-client': 'system client (API)' },
    facilityType: { hospital: 'hospital', 'health-centre': 'health centre', dispensary: 'dispensary', clinic: 'clinic', laboratory: 'laboratory', pharmacy: 'pharmacy', 'training-institution': 'training institution', other: 'other' },
    ownership: { public: 'public', 'private-not-for-profit': 'private, not for profit', 'private-for-profit': 'private, for profit' },
    trainingKind: { 'pre-service': 'pre-service', 'in-service': 'in-service', cpd: 'CPD' },
    exitKind: { voluntary: 'voluntary', involuntary: 'involuntary' },
    exitReason: { resignation: 'resignation', retirement: 'retirement', death: 'death', dismissal: 'dismissal', emigration: 'emigration', 'end-of-contract': 'end of contract', 'dual-practice': 'dual practice', other: 'other' },
    fundingSource: { government: 'government', donor: 'donor', private: 'private', other: 'other' },
    stage: { development: 'development', pilot: 'pilot', rollout: 'rollout', maintenance: 'maintenance' },
    trainingOrigin: { domestic: 'trained in the country', foreign: 'trained abroad', unknown: 'unknown' },
    sex: { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' },
  },
  fr: {
    role: { 'platform-admin': 'administrateur de la plateforme', 'partner-admin': 'administrateur partenaire', 'ministry-admin': 'administrateur du ministère', registrar: "agent d'enregistrement", manager: 'gestionnaire', viewer: 'lecteur', donor: 'bailleur', 'api-client': 'système client (API)' },
    facilityType: { hospital: 'hôpital', 'health-centre': 'centre de santé', dispensary: 'dispensaire', clinic: 'clinique', laboratory: 'laboratoire', pharmacy: 'pharmacie', 'training-institution': 'établissement de formation', other: 'autre' },
    ownership: { public: 'public', 'private-not-for-profit': 'privé à but non lucratif', 'private-for-profit': 'privé à but lucratif' },
    trainingKind: { 'pre-service': 'formation initiale', 'in-service': 'formation en cours d’emploi', cpd: 'DPC' },
    exitKind: { voluntary: 'volontaire', involuntary: 'involontaire' },
    exitReason: { resignation: 'démission', retirement: 'retraite', death: 'décès', dismissal: 'licenciement', emigration: 'émigration', 'end-of-contract': 'fin de contrat', 'dual-practice': 'double pratique', other: 'autre' },
    fundingSource: { government: 'État', donor: 'bailleur', private: 'privé', other: 'autre' },
    stage: { development: 'développement', pilot: 'pilote', rollout: 'déploiement', maintenance: 'maintenance' },
    trainingOrigin: { domestic: 'formé dans le pays', foreign: 'formé à l’étranger', unknown: 'inconnu' },
    sex: { female: 'Féminin', male: 'Masculin', other: 'Autre', unknown: 'Inconnu' },
  },
  pt: {
    role: { 'platform-admin': 'administrador da plataforma', 'partner-admin': 'administrador do parceiro', 'ministry-admin': 'administrador do ministério', registrar: 'registador', manager: 'gestor', viewer: 'leitor', donor: 'doador', 'api-client': 'sistema cliente (API)' },
    facilityType: { hospital: 'hospital', 'health-centre': 'centro de saúde', dispensary: 'posto de saúde', clinic: 'clínica', laboratory: 'laboratório', pharmacy: 'farmácia', 'training-institution': 'instituição de formação', other: 'outro' },
    ownership: { public: 'público', 'private-not-for-profit': 'privado sem fins lucrativos', 'private-for-profit': 'privado com fins lucrativos' },
    trainingKind: { 'pre-service': 'formação inicial', 'in-service': 'formação em serviço', cpd: 'DPC' },
    exitKind: { voluntary: 'voluntária', involuntary: 'involuntária' },
    exitReason: { resignation: 'demissão', retirement: 'reforma', death: 'falecimento', dismissal: 'despedimento', emigration: 'emigração', 'end-of-contract': 'fim de contrato', 'dual-practice': 'dupla prática', other: 'outro' },
    fundingSource: { government: 'Estado', donor: 'doador', private: 'privado', other: 'outro' },
    stage: { development: 'desenvolvimento', pilot: 'piloto', rollout: 'implementação', maintenance: 'manutenção' },
    trainingOrigin: { domestic: 'formado no país', foreign: 'formado no estrangeiro', unknown: 'desconhecido' },
    sex: { female: 'Feminino', male: 'Masculino', other: 'Outro', unknown: 'Desconhecido' },
  },
}

/** The reader's word for a code; the code itself if it is new to this console. */
export const label = (group: Group, code: string | undefined): string =>
  code === undefined ? '—' : ((words[lang()][group] as Record<string, string>)[code] ?? code)

/** Select options for a list of codes, labelled in the reader's language. */
export const optionsOf = (group: Group, codes: readonly string[]) => codes.map((value) => ({ value, label: label(group, value) }))

/** A moment in the reader's language and the browser's time zone. */
export const when = (iso: string) => new Date(iso).toLocaleString(lang(), { dateStyle: 'medium', timeStyle: 'short' })
