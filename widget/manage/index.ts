// The body of `viewing-widget.manage.js`: loaded beside the main script only by `<viewing-widget manage="…">`.
import { publish } from '../publish.ts';
import { mountManage } from './mount.tsx';

publish(mountManage);
