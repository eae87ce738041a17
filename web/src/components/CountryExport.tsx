import { createResource, createSignal, Show } from 'solid-js'
import { api, newIdempotencyKey } from '../lib/api'
import { errorText } from '../lib/problems'
import { words } from '../lib/words'
import { JobFile } from './JobFile'
import { JobProgress, type Job } from './JobProgress'

const w = words({
  en: {
    title: 'Export all of the country’s data',
    what: 'One file with everything {name} holds on the platform: every health worker’s record with their licences, deployments, training and exits; the org units and facilities; the users and their roles; the audit log; the figures, populations and sharing choices. One record per line (JSON Lines), for a backup or to move the registry to another system.',
    whoMinistry: 'It holds personal data. Only the country’s ministry admins can start an export and download its file; each download is written in the audit log.',
    whoPlatform: 'It holds personal data. Only the platform’s administrators can download the file started here; each download is written in the country’s audit log.',
    start: 'Start the export',
    again: 'Make a new export',
    last: 'Latest export',
  },
  fr: {
    title: 'Exporter toutes les données du pays',
    what: 'Un fichier avec tout ce que {name} conserve sur la plateforme : la fiche de chaque personnel de santé avec ses licences, affectations, formations et sorties ; les unités et structures ; les utilisateurs et leurs rôles ; le journal d’audit ; les chiffres, populations et choix de partage. Un enregistrement par ligne (JSON Lines), pour une sauvegarde ou pour passer le registre à un autre système.',
    whoMinistry: 'Il contient des données personnelles. Seuls les administrateurs du ministère du pays peuvent lancer un export et télécharger son fichier ; chaque téléchargement est inscrit au journal d’audit.',
    whoPlatform: 'Il contient des données personnelles. Seuls les administrateurs de la plateforme peuvent télécharger le fichier lancé ici ; chaque téléchargement est inscrit au journal d’audit du pays.',
    start: 'Lancer l’export',
    again: 'Faire un nouvel export',
    last: 'Dernier export',
  },
  pt: {
    title: 'Exportar todos os dados do país',
    what: 'Um ficheiro com tudo o que {name} guarda na plataforma: o registo de cada profissional de saúde com as suas licenças, colocações, formações e saídas; as unidades e estruturas; os utilizadores e os seus papéis; o registo de auditoria; os números, populações e escolhas de partilha. Um registo por linha (JSON Lines), para uma cópia de segurança ou para levar o registo para outro sistema.',
    whoMinistry: 'Contém dados pessoais. Só os administradores do ministério do país podem iniciar uma exportação e descarregar o ficheiro; cada descarga fica no registo de auditoria.',
    whoPlatform: 'Contém dados pessoais. Só os administradores da plataforma podem descarregar o ficheiro iniciado aqui; cada descarga fica no registo de auditoria do país.',
    start: 'Iniciar a exportação',
    again: 'Fazer uma nova exportação',
    last: 'Última exportação',
  },
})

export const countryExportTitle = () => w('title')

const active = (j: Job | undefined) => j?.state === 'queued' || j?.state === 'running'

/**
 * A filtered page of jobs reads at most a thousand and may answer empty with a cursor when the country's last
 * export is further back: read on, a few pages at most (a country with an integration runs many jobs).
 */
async function latestExport(tenantId: string) {
  let cursor: string | null = null
  for (let page = 0; page < 10; page++) {
    const r: { items: (Job & { tenantId: string })[]; cursor: string | null } = await api('GET', `/api/v1/jobs?kind=tenant.export&tenantId=${tenantId}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    if (r.items[0] || !r.cursor) return r.items[0]
    cursor = r.cursor
  }
  return undefined
}

/**
 * A country's whole export, as a job: what the file holds and who may read it, the latest export started
 * from this scope (running: its progress; finished: its file), and a button for a new one.
 */
export function CountryExport(props: { tenantId: string; name: string; by: 'ministry' | 'platform' }) {
  // the latest export of this country among the scope's jobs (a ministry's own, or the platform's)
  const [latest, { mutate }] = createResource(() => props.tenantId, (id) => latestExport(id).catch(() => undefined))
  const [error, setError] = createSignal('')
  const start = async () => {
    setError('')
    try {
      mutate({ ...(await api<Job>('POST', `/api/v1/tenants/${props.tenantId}/export`, { idempotencyKey: newIdempotencyKey() })), tenantId: props.tenantId })
    } catch (e) {
      setError(errorText(e))
    }
  }
  return (
    <div class="country-export">
      <p>{w('what', { name: props.name })}</p>
      <p class="muted">{w(props.by === 'ministry' ? 'whoMinistry' : 'whoPlatform')}</p>
      <Show when={latest()} keyed>
        {(job) => (
          <>
            <h3>{w('last')}</h3>
            <JobProgress job={job} onFinished={(j) => latest()?.state !== j.state && mutate({ ...j, tenantId: props.tenantId })} summary={(j) => <JobFile job={{ ...j, tenantId: props.tenantId }} />} />
          </>
        )}
      </Show>
      <Show when={!latest.loading}>
        <button type="button" classList={{ secondary: latest()?.state === 'done' }} disabled={active(latest())} onClick={start}>
          {latest() ? w('again') : w('start')}
        </button>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
    </div>
  )
}
