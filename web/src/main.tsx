import { render } from 'solid-js/web'
import { App } from './App'
import { lang } from './lib/i18n'
import './styles.css'

document.documentElement.lang = lang()
render(() => <App />, document.getElementById('root')!)
