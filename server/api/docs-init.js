// Starts the API reference page (/api/docs). A served file, not an inline script: the
// Content-Security-Policy allows scripts from Gauntlet's own origin only.
window.addEventListener('load', () => {
  window.ui = window.SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#reference',
    deepLinking: true,
    // No call to the public validator: nothing here reaches the internet.
    validatorUrl: null,
    persistAuthorization: false,
  });
});
