// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// Drafts: forms with data-draft-url save what is typed, a second after typing stops.
for (const form of document.querySelectorAll('form[data-draft-url]')) {
  const status = form.querySelector('.app-draft-status')
  let timer = null
  const save = async () => {
    const body = new FormData(form)
    try {
      const response = await fetch(form.dataset.draftUrl, { method: 'POST', body, credentials: 'same-origin' })
      if (status) {
        status.textContent = response.ok ? 'Draft saved at ' + new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
                                         : 'Draft not saved: sign in again and your last saved draft will be restored'
      }
    } catch (e) {
      if (status) status.textContent = 'Draft not saved: no connection'
    }
  }
  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(save, 800) })
  form.addEventListener('change', () => { clearTimeout(timer); timer = setTimeout(save, 300) })
}
