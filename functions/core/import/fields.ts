/**
 * The columns each kind of import understands: a label per language (the template's headers) and the other
 * names real files give them (English, French, Portuguese). Shared with the console: no Node imports here.
 */
export const importKinds = ['facilities', 'cadres', 'workers', 'exits'] as const
export type ImportKind = (typeof importKinds)[number]

export type Labels = { en: string; fr: string; pt: string }
export type FieldDef = {
  key: string
  label: Labels
  /** other headers meaning this column, in any of the three languages (compared without case or accents) */
  synonyms: string[]
  /** needed to create a record (an update of a record found by its identifier needs none) */
  required?: boolean
  /** another field that gives the same when this one is missing (an ISCO-08 code, or the occupation's title) */
  orElse?: string
}

const f = (key: string, en: string, fr: string, pt: string, synonyms: string[], required = false): FieldDef => ({ key, label: { en, fr, pt }, synonyms, required })

/** Identifiers that find a worker already in the registry: never a name alone. */
const workerIdentifiers = [
  f('nationalId', 'National ID', 'N° d’identité nationale', 'N.º de identificação nacional', ['national id', 'national id number', 'nid', 'id number', 'id no', 'identity number', 'cni', 'numero cni', 'carte d identite', 'numero d identite', 'bi', 'numero do bi', 'bilhete de identidade', 'numero de identificacao']),
  f('registryNumber', 'Registry number', 'Numéro de registre', 'Número de registo', ['registry number', 'registration number', 'reg no', 'registry no', 'employee number', 'staff number', 'personnel number', 'matricule', 'numero matricule', 'numero de registre', 'numero de registo', 'numero de funcionario', 'numero de matricula']),
  f('licenceCouncil', 'Licensing council', 'Ordre ou conseil', 'Ordem ou conselho', ['council', 'licensing council', 'licensing body', 'regulatory body', 'regulator', 'board', 'ordre', 'conseil', 'ordre professionnel', 'ordem', 'conselho', 'ordem profissional']),
  f('licenceNumber', 'Licence number', 'Numéro de licence', 'Número da licença', ['licence number', 'license number', 'licence no', 'license no', 'practising licence', 'practicing license number', 'numero de licence', 'numero d inscription', 'numero d autorisation', 'numero da licenca', 'numero da carteira profissional', 'numero de inscricao']),
]

export const fields: Record<ImportKind, FieldDef[]> = {
  facilities: [
    f('level1', 'Level 1 unit (region)', 'Unité de niveau 1 (région)', 'Unidade de nível 1 (província)', ['level 1', 'niveau 1', 'nivel 1', 'region', 'province', 'county', 'state', 'regiao', 'provincia', 'etat']),
    f('level2', 'Level 2 unit (district)', 'Unité de niveau 2 (district)', 'Unidade de nível 2 (distrito)', ['level 2', 'niveau 2', 'nivel 2', 'district', 'sub county', 'subcounty', 'departement', 'distrito', 'zone de sante', 'health district']),
    f('level3', 'Level 3 unit (chiefdom, ward)', 'Unité de niveau 3 (commune)', 'Unidade de nível 3 (posto administrativo)', ['level 3', 'niveau 3', 'nivel 3', 'chiefdom', 'ward', 'commune', 'sub district', 'arrondissement', 'posto administrativo', 'aire de sante']),
    f('level4', 'Level 4 unit', 'Unité de niveau 4', 'Unidade de nível 4', ['level 4', 'niveau 4', 'nivel 4', 'location', 'sub location', 'village', 'localidade']),
    f('name', 'Facility name', 'Nom de la formation sanitaire', 'Nome da unidade sanitária', ['facility', 'facility name', 'health facility', 'name', 'official name', 'display name', 'displayname', 'nom', 'nom de la structure', 'formation sanitaire', 'fosa', 'nome', 'unidade sanitaria', 'unidade de saude'], true),
    f('mflCode', 'MFL code', 'Code de la liste des formations sanitaires', 'Código da lista de unidades sanitárias', ['mfl', 'mfl code', 'master facility list code', 'facility code', 'code', 'code fosa', 'code mfl', 'codigo', 'codigo mfl', 'codigo da unidade']),
    f('dhis2Id', 'DHIS2 UID', 'Identifiant DHIS2', 'Identificador DHIS2', ['dhis2', 'dhis2 id', 'dhis2 uid', 'uid', 'org unit id', 'orgunit id', 'organisation unit id', 'id']),
    f('hmisCode', 'HMIS code', 'Code SNIS', 'Código SIS', ['hmis', 'hmis code', 'dhis2 code', 'code snis', 'code sig', 'codigo sis', 'codigo sisma']),
    f('parent', 'Parent (DHIS2 UID or code)', 'Parent (identifiant DHIS2 ou code)', 'Pai (identificador DHIS2 ou código)', ['parent', 'parent id', 'parent uid', 'parentid', 'parent code', 'unite parente', 'unidade pai']),
    f('unitLevel', 'Level (number)', 'Niveau (nombre)', 'Nível (número)', ['level', 'niveau', 'nivel', 'hierarchy level']),
    f('facilityType', 'Facility type', 'Type de formation sanitaire', 'Tipo de unidade sanitária', ['type', 'facility type', 'category', 'facility category', 'keph level', 'type de structure', 'categorie', 'tipo', 'tipo de unidade']),
    f('ownership', 'Ownership', 'Statut (public, privé)', 'Propriedade (pública, privada)', ['owner', 'ownership', 'owner type', 'managing authority', 'sector', 'secteur', 'statut', 'propriete', 'setor', 'propriedade', 'gestao']),
    f('latitude', 'Latitude', 'Latitude', 'Latitude', ['lat', 'latitude', 'y', 'gps latitude']),
    f('longitude', 'Longitude', 'Longitude', 'Longitude', ['lng', 'lon', 'long', 'longitude', 'x', 'gps longitude']),
    f('closedDate', 'Closed on', 'Fermée le', 'Encerrada em', ['closed date', 'closeddate', 'closing date', 'date de fermeture', 'data de encerramento']),
  ],
  cadres: [
    f('name', 'Cadre', 'Cadre', 'Categoria profissional', ['cadre', 'cadre name', 'name', 'designation', 'nom', 'corps', 'cadre d emploi', 'nome', 'categoria', 'carreira'], true),
    // the ISCO-08 code, or the NHWA occupation by its title in English, French or Portuguese: one of the two
    { ...f('iscoCode', 'ISCO-08 code', 'Code CITP-08', 'Código CITP-08', ['isco', 'isco code', 'isco 08', 'isco08', 'occupation code', 'citp', 'code citp', 'citp 08', 'codigo citp', 'cito'], true), orElse: 'occupation' },
    f('occupation', 'NHWA occupation (ISCO-08 title)', 'Profession NHWA (intitulé CITP-08)', 'Ocupação NHWA (designação CITP-08)', ['occupation', 'nhwa occupation', 'isco title', 'isco occupation', 'occupation group', 'profession', 'metier', 'profession citp', 'ocupacao', 'profissao', 'grupo ocupacional']),
    f('description', 'Description', 'Description', 'Descrição', ['description', 'notes', 'descricao']),
  ],
  workers: [
    ...workerIdentifiers,
    f('givenName', 'Given name', 'Prénom', 'Nome próprio', ['given name', 'first name', 'firstname', 'forename', 'prenom', 'prenoms', 'nome proprio', 'primeiro nome', 'nome'], true),
    f('familyName', 'Family name', 'Nom de famille', 'Apelido', ['family name', 'surname', 'last name', 'lastname', 'nom', 'nom de famille', 'apelido', 'sobrenome'], true),
    f('otherNames', 'Other names', 'Autres noms', 'Outros nomes', ['other names', 'other name', 'middle name', 'middle names', 'post nom', 'postnom', 'outros nomes', 'nome do meio']),
    f('sex', 'Sex', 'Sexe', 'Sexo', ['sex', 'gender', 'sexe', 'genre', 'sexo', 'genero'], true),
    f('birthDate', 'Birth date', 'Date de naissance', 'Data de nascimento', ['birth date', 'date of birth', 'dob', 'birthdate', 'date de naissance', 'ne le', 'data de nascimento', 'nascimento'], true),
    f('nationality', 'Nationality', 'Nationalité', 'Nacionalidade', ['nationality', 'citizenship', 'nationalite', 'nacionalidade']),
    f('placeOfBirth', 'Place of birth', 'Lieu de naissance', 'Local de nascimento', ['place of birth', 'birthplace', 'lieu de naissance', 'local de nascimento', 'naturalidade']),
    f('trainingCountry', 'Country of training', 'Pays de formation', 'País de formação', ['country of training', 'trained in', 'country trained', 'pays de formation', 'pais de formacao']),
    f('cadre', 'Cadre', 'Cadre', 'Categoria profissional', ['cadre', 'occupation', 'profession', 'designation', 'cadre name', 'categorie', 'corps', 'categoria', 'carreira', 'profissao'], true),
    f('phone', 'Phone', 'Téléphone', 'Telefone', ['phone', 'telephone', 'mobile', 'tel', 'cell', 'phone number', 'portable', 'telemovel', 'celular']),
    f('email', 'Email', 'Courriel', 'Correio electrónico', ['email', 'e mail', 'mail', 'courriel', 'adresse electronique', 'correio electronico']),
    f('address', 'Address', 'Adresse', 'Morada', ['address', 'adresse', 'morada', 'endereco']),
    f('homeUnit', 'Home unit', 'Unité de rattachement', 'Unidade de origem', ['home unit', 'org unit', 'organisation unit', 'organization unit', 'unite', 'unite de rattachement', 'unidade', 'unidade de origem']),
    f('facility', 'Facility', 'Formation sanitaire', 'Unidade sanitária', ['facility', 'health facility', 'facility name', 'workplace', 'work station', 'duty station', 'station', 'lieu d affectation', 'structure', 'formation sanitaire', 'etablissement', 'unidade sanitaria', 'local de trabalho', 'unidade de saude']),
    f('facilityCode', 'Facility code (MFL, DHIS2 or HMIS)', 'Code de la formation sanitaire', 'Código da unidade sanitária', ['facility code', 'mfl code', 'mfl', 'facility mfl code', 'facility uid', 'dhis2 uid', 'hmis code', 'code fosa', 'code de la structure', 'codigo da unidade']),
    f('facilityArea', 'Area of the facility (district or region)', 'Zone de la formation sanitaire (district, région)', 'Área da unidade sanitária (distrito, província)', ['district', 'county', 'sub county', 'region', 'province', 'zone', 'departement', 'distrito', 'provincia', 'area']),
    f('position', 'Position', 'Poste', 'Cargo', ['position', 'post', 'job title', 'title', 'poste', 'fonction', 'cargo', 'funcao']),
    f('startDate', 'Deployment start', 'Début d’affectation', 'Início da colocação', ['start date', 'deployment start', 'posting date', 'date of posting', 'date joined', 'date of first appointment', 'date d affectation', 'date de prise de service', 'data de inicio', 'data de colocacao']),
    f('licenceIssued', 'Licence issued on', 'Licence délivrée le', 'Licença emitida em', ['licence issued', 'license issued', 'issue date', 'date issued', 'licence issue date', 'license issue date', 'date de delivrance', 'data de emissao']),
    f('licenceExpires', 'Licence expires on', 'Licence expire le', 'Licença expira em', ['licence expires', 'license expires', 'expiry date', 'expiration date', 'valid until', 'licence expiry', 'license expiry', 'date d expiration', 'valable jusqu au', 'data de validade', 'validade']),
    f('trainingKind', 'Training kind (pre-service, in-service, CPD)', 'Type de formation (initiale, continue, DPC)', 'Tipo de formação (inicial, em serviço, DPC)', ['training kind', 'training type', 'type de formation', 'tipo de formacao']),
    f('trainingTitle', 'Training', 'Formation', 'Formação', ['training', 'training title', 'course', 'programme', 'program', 'qualification', 'formation', 'cours', 'diplome', 'formacao', 'curso']),
    f('trainingInstitution', 'Training institution', 'Établissement de formation', 'Instituição de formação', ['training institution', 'institution', 'school', 'college', 'university', 'ecole', 'institut', 'etablissement de formation', 'escola', 'instituicao']),
    f('trainingEnd', 'Training completed on', 'Formation terminée le', 'Formação concluída em', ['training completed', 'completion date', 'graduation date', 'date of graduation', 'date de fin de formation', 'date d obtention', 'data de conclusao']),
  ],
  exits: [
    ...workerIdentifiers,
    f('exitDate', 'Exit date', 'Date de sortie', 'Data de saída', ['exit date', 'date of exit', 'date left', 'leaving date', 'date', 'date de sortie', 'date de depart', 'data de saida'], true),
    f('reason', 'Reason', 'Motif', 'Motivo', ['reason', 'exit reason', 'reason for leaving', 'motif', 'motif de sortie', 'motivo', 'motivo de saida'], true),
    f('exitKind', 'Voluntary or involuntary', 'Volontaire ou non', 'Voluntária ou não', ['exit kind', 'exit type', 'voluntary', 'type de sortie', 'tipo de saida']),
    f('destinationCountry', 'Destination country', 'Pays de destination', 'País de destino', ['destination country', 'country of destination', 'emigrated to', 'destination', 'pays de destination', 'pais de destino']),
    f('note', 'Note', 'Note', 'Nota', ['note', 'notes', 'comment', 'comments', 'remarks', 'observation', 'observacao', 'commentaire']),
  ],
}

export const fieldKeys = (kind: ImportKind) => fields[kind].map((d) => d.key)
export const fieldOf = (kind: ImportKind, key: string) => fields[kind].find((d) => d.key === key)
