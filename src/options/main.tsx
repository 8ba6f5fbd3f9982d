import { render } from 'preact';

render(<p>Margin options.</p>, document.getElementById('app')!);
