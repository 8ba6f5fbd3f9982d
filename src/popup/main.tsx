import { render } from 'preact';

render(<p>Margin: the reading queue arrives with the popup issue.</p>, document.getElementById('app')!);
