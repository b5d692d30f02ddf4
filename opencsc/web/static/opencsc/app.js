// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// Drafts (docs/decisions/003): forms with data-draft-url save what is typed a moment after typing
// stops. If the server cannot take it (session ended, no connection) the text is kept in this
// tab's sessionStorage, never in long-lived browser storage, and sent as soon as the form is
// opened again in this tab after signing in.
// Every value of every field: ticked boxes sharing a name are kept as a list.
const fieldsOf = (form) => {
  const data = {}
  for (const [name, value] of new FormData(form).entries()) {
    if (name === 'csrfmiddlewaretoken' || typeof value !== 'string') continue
    data[name] = name in data ? [].concat(data[name], value) : value
  }
  return data
}

const fill = (form, data) => {
  for (const [name, value] of Object.entries(data)) {
    const values = [].concat(value)
    for (const input of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (input.type === 'radio' || input.type === 'checkbox') input.checked = values.includes(input.value)
      else input.value = values[0]
    }
  }
}

for (const form of document.querySelectorAll('form[data-draft-url]')) {
  const status = form.querySelector('.app-draft-status')
  const key = 'opencsc-unsaved:' + form.dataset.draftUrl
  const say = (text) => { if (status) status.textContent = text }
  let timer = null

  let sent = false  // once the form is submitted, no autosave may follow it (it would bring the form back)

  // Says what happened: 'saved', 'submitted' (the form was already saved: its draft is over) or 'kept' (in this tab).
  const savedAt = () => 'Draft saved at ' + new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
  const save = async (data = fieldsOf(form)) => {
    if (sent) return 'kept'
    const body = new FormData()
    for (const [name, value] of Object.entries(data)) for (const one of [].concat(value)) body.append(name, one)
    body.append('csrfmiddlewaretoken', form.querySelector('[name=csrfmiddlewaretoken]').value)
    try {
      const response = await fetch(form.dataset.draftUrl, { method: 'POST', body, credentials: 'same-origin', redirect: 'error' })
      const result = await response.json()
      if (response.ok && result.saved) {
        sessionStorage.removeItem(key)
        say(savedAt())
        return 'saved'
      }
      if (response.status === 409 && result.submitted) {
        sessionStorage.removeItem(key)
        return 'submitted'
      }
      sessionStorage.setItem(key, JSON.stringify(data))
      say(response.status === 401
        ? 'Not saved: you have been signed out. Sign in again in this tab and what you typed will be put back.'
        : 'Draft not saved: ' + (result.error || 'please try again'))
    } catch (e) {
      sessionStorage.setItem(key, JSON.stringify(data))
      say('Draft not saved: no connection. What you typed is kept in this tab.')
    }
    return 'kept'
  }

  const pending = sessionStorage.getItem(key)
  if (pending) {
    // Kept in this tab while signed out: put back only if its form was never saved, and keep this
    // form's own submission id (a form put back is a new submission).
    const data = JSON.parse(pending)
    save(data).then((outcome) => {
      if (outcome === 'submitted') return
      delete data.submission_id
      fill(form, data)
      say('We put back what you typed before you were signed out.' + (outcome === 'saved' ? ' ' + savedAt() + '.' : ''))
    })
  }
  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(save, 800) })
  form.addEventListener('change', () => { clearTimeout(timer); timer = setTimeout(save, 300) })
  form.addEventListener('submit', () => { clearTimeout(timer); sent = true })
}
