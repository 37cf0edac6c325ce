import { render } from 'solid-js/web';
import { ChatPage } from './ChatPage';
import './chat.css';

// The customer-facing page at /chat/<channelKey>: its own small bundle, no agent code.
const channelKey = location.pathname.split('/')[2] ?? '';
render(() => <ChatPage channelKey={channelKey} />, document.getElementById('chat-root')!);
