import { render } from 'preact';
import { Popup } from './Popup';
import { askForQueue } from './use-library';
import './popup.css';

askForQueue();
render(<Popup />, document.getElementById('app')!);
