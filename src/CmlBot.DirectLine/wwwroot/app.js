// Starts Web Chat on this host's Direct Line (or Azure's): the token comes from the same origin, so no secret
// is ever in the page, and webchat.js is served by the host, so nothing is fetched from a CDN.
(function () {
  'use strict';

  var status = document.getElementById('chat-status');

  function fail() {
    status.className = 'chat-status error';
    status.textContent = 'The chat could not start. Please reload the page, or call the Cancer Information Service at 1-800-4-CANCER.';
  }

  // High-contrast colours (WCAG AA) and no upload button: the bot reads text only.
  var styleOptions = {
    accent: '#0b3d91',
    subtle: '#4d4d4d',
    timestampColor: '#4d4d4d',
    bubbleBackground: '#f2f2f2',
    bubbleBorderColor: '#767676',
    bubbleBorderWidth: 1,
    bubbleTextColor: '#1a1a1a',
    bubbleFromUserBackground: '#0b3d91',
    bubbleFromUserBorderColor: '#0b3d91',
    bubbleFromUserTextColor: '#ffffff',
    bubbleMinWidth: 0,
    bubbleMaxWidth: 720,
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#0b3d91',
    suggestedActionTextColor: '#0b3d91',
    sendBoxTextWrap: true,
    hideUploadButton: true,
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    rootHeight: '100%',
    rootWidth: '100%'
  };

  fetch('api/directline/token', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    .then(function (response) {
      if (!response.ok) throw new Error('token ' + response.status);
      return response.json();
    })
    .then(function (body) {
      var domain = new URL(body.domain, window.location.href).href.replace(/\/$/, '');
      var directLine = window.WebChat.createDirectLine({ token: body.token, domain: domain, webSocket: false });
      window.WebChat.renderWebChat(
        // userID: the user the bot was told joined the conversation, so its welcome comes once, not again on the first message.
        { directLine: directLine, userID: body.userId, styleOptions: styleOptions, locale: 'en-US', role: 'region' },
        document.getElementById('webchat')
      );
      status.textContent = '';
    })
    .catch(fail);
})();
