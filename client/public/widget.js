// Kaon website chat widget: <script src="https://your-kaon/widget.js" data-channel="KEY" async></script>
// Adds a chat button in the bottom-right corner that opens the chat in an iframe.
(function () {
  var script = document.currentScript;
  var key = script && script.getAttribute('data-channel');
  if (!key) return console.warn('Kaon widget: add data-channel="<channel key>" to the script tag.');
  var origin = new URL(script.src).origin;
  var frame = document.createElement('iframe');
  frame.src = origin + '/chat/' + encodeURIComponent(key);
  frame.title = 'Chat with us';
  frame.style.cssText = 'position:fixed;right:20px;bottom:84px;width:360px;height:520px;max-height:calc(100vh - 110px);border:0;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:none;z-index:2147483646;background:#fff';
  var button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', 'Open chat');
  button.setAttribute('aria-expanded', 'false');
  button.textContent = '💬';
  button.style.cssText = 'position:fixed;right:20px;bottom:20px;width:52px;height:52px;border-radius:50%;border:0;background:#4338ca;color:#fff;font-size:24px;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483647';
  button.addEventListener('click', function () {
    var open = frame.style.display === 'none';
    frame.style.display = open ? 'block' : 'none';
    button.setAttribute('aria-expanded', String(open));
    button.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
